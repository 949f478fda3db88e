// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A plain contract (not a token) that accepts ETH.
contract Vault {
    event Received(address indexed from, uint256 amount);

    receive() external payable {
        emit Received(msg.sender, msg.value);
    }
}
