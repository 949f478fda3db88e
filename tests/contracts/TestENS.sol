// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The two read functions txdoctor uses of the ENS registry (EIP-137), with an open
/// setter. Tests put its runtime code at the real registry address with anvil_setCode.
contract TestENSRegistry {
    mapping(bytes32 => address) public resolver; // resolver(bytes32) = 0x0178b8bf

    function setResolver(bytes32 node, address resolver_) external {
        resolver[node] = resolver_;
    }
}

/// @notice A resolver answering addr(bytes32) (EIP-137 "addr" profile).
contract TestENSResolver {
    mapping(bytes32 => address) public addr; // addr(bytes32) = 0x3b3b57de

    function setAddr(bytes32 node, address addr_) external {
        addr[node] = addr_;
    }
}
