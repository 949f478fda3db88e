"""Why a pasted text is not a hash or an address, or why it was refused (English source text).

One sentence per input problem (``txdoctor.input.model.Problem``), some refined by the
family, kind, encoding or alphabet in the problem's detail; ``advise/input_problems.py``
picks the sentence. Fields come from ``Classified.detail`` (docs/input.md).
"""

from __future__ import annotations

from txdoctor.advise.i18n import N_

# Keys: "problem", "problem:refinement" (see input_problems.line_key).
PROBLEM_LINES: dict[str, str] = {
    "empty": N_("Nothing was pasted: the text is empty."),
    "too_long": N_(
        "The text is {length} characters long; at most {maximum} can be read per input. "
        "Paste one hash or address per line."
    ),
    "bad_length:evm:transaction": N_(
        "It has {length} hex characters (not counting 0x); a transaction hash has {expected}."
    ),
    "bad_length:evm:address": N_(
        "It has {length} hex characters (not counting 0x); an address has {expected}."
    ),
    "bad_length:bitcoin:address": N_(
        "It has {length} characters; a Bitcoin address of this kind has {expected}."
    ),
    "bad_length:tron:address": N_("It has {length} characters; a Tron address has {expected}."),
    "bad_length:solana:address": N_("It has {length} characters; a Solana address has {expected}."),
    "bad_length:solana:transaction": N_(
        "It has {length} characters; a Solana transaction signature has {expected}."
    ),
    "bad_length": N_("It has {length} characters; {expected} were expected."),
    "bad_characters:hex": N_(
        "Character {position}, {shown}, is not a hex digit (only 0-9 and a-f are)."
    ),
    "bad_characters:base58": N_(
        "Character {position}, {shown}, is never used in this kind of "
        "address (it has no 0, O, I or l)."
    ),
    "bad_characters:bech32": N_(
        "Character {position}, {shown}, cannot appear in a bc1 address "
        "(after bc1 it has no 1, b, i or o)."
    ),
    "bad_characters:control": N_(
        "Character {position} is an invisible control character "
        "({char}): copy the text again from where it came from."
    ),
    "bad_characters": N_("Character {position}, {shown}, does not belong in a hash or an address."),
    "bad_checksum:eip55": N_("Mixed-case address with a wrong checksum: probably a typo."),
    "bad_checksum:base58check": N_(
        "The address's built-in checksum does not match: probably a typo or a missing character."
    ),
    "bad_checksum:bech32": N_(
        "The bc1 address's built-in checksum does not match: probably a typo."
    ),
    "bad_checksum:ss58": N_(
        "The Polkadot address's built-in checksum does not match: probably a typo or a "
        "changed character."
    ),
    "bad_checksum": N_("Its built-in checksum does not match: probably a typo."),
    "mixed_case": N_("A bc1 address is all lower case or all upper case; this one mixes both."),
    "malformed": N_("Its checksum is right, but it is not a valid Bitcoin address ({reason})."),
    "lookalike_characters": N_(
        "Character {position}, {shown}, only looks like the letter "
        "“{looks_like}”. Look-alike letters are a trick of scam "
        "addresses: do not send anything to it."
    ),
    "lookalike_characters:host": N_(
        "The site name contains {shown}, which only looks like "
        "“{looks_like}”: this link does not lead to the real "
        "explorer."
    ),
    "invisible_characters": N_(
        "An invisible character ({char}) is hidden at position "
        "{position}. Copy the text again from a trusted source."
    ),
    "truncated": N_(
        "This is the shortened form wallets display (start…end). Copy the full hash or address."
    ),
    "multiple_candidates": N_(
        "It contains {count} different hashes or addresses. Paste them one per line."
    ),
    "unknown_explorer_path": N_(
        "This explorer page ({host}) shows no transaction or address. "
        "Open the transaction itself and copy its link or hash."
    ),
    "explorer_mismatch": N_("This link mixes up two networks: a {family} id cannot be on {chain}."),
    "testnet": N_(
        "It belongs to a test network ({network}). Test coins have no value, and "
        "only main networks are checked."
    ),
    "unsupported_chain": N_("It belongs to {chain}, which cannot be checked here."),
    "extended_public_key": N_(
        "This is an account key ({prefix}…), not an address. Paste one "
        "address or transaction hash instead."
    ),
    "public_key": N_(
        "This is an EOS public key ({prefix}…), not an account. EOS sends to account names "
        "(up to 12 characters, such as eosio.token): paste the account name or a "
        "transaction id instead."
    ),
    "lightning_invoice": N_(
        "This is a Lightning invoice, not an on-chain transaction: ask the wallet that paid it."
    ),
    "name_service": N_(
        "This is a name (.{tld}), not an address, and names are not looked up here: "
        "paste the address it stands for."
    ),
    "recovery_phrase": N_("It looks like a recovery phrase (seed words)."),
    "private_key": N_("It looks like a private key."),
    "wif_key": N_("It looks like a private key in WIF format."),
    "extended_private_key": N_("It looks like an extended private key ({prefix}…)."),
}

# Parts of the sentences above.
CHAR_WITH_GLYPH = N_("“{glyph}” ({char})")
EXPECTED_EITHER = N_("{first} or {second}")
EXPECTED_RANGE = N_("{low} to {high}")
