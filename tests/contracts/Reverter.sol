// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Every public function fails in a different, well-known way.
/// Used by the txdoctor test harness to create real reverted transactions.
contract Reverter {
    error InsufficientBalance(uint256 available, uint256 required);

    uint256 public counter;
    mapping(uint256 => uint256) private sink;

    /// Error(string) revert: selector 0x08c379a0.
    function withdraw(uint256 amount) external {
        require(amount == 0, "Insufficient balance for withdrawal");
        counter += 1;
    }

    /// Panic(uint256) with code 0x11 (arithmetic overflow).
    function overflow() external {
        uint256 big = type(uint256).max - counter;
        counter = big + 1;
    }

    /// Panic(uint256) with code 0x12 (division by zero).
    function divide(uint256 by) external {
        counter = 100 / by;
    }

    /// Custom error InsufficientBalance(uint256,uint256).
    function withdrawCustom(uint256 amount) external {
        if (amount > counter) {
            revert InsufficientBalance(counter, amount);
        }
        counter -= amount;
    }

    /// Writes fresh storage slots `rounds` times; with a small gas limit this runs out of gas.
    function burn(uint256 rounds) external {
        for (uint256 i = 0; i < rounds; i++) {
            sink[i] = i + 1;
        }
    }
}
