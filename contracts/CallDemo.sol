// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CallDemo
/// @notice The contract of go-ethereum's abigen walkthrough: a getter that returns 2020.
contract CallDemo {
    /// @notice The year was set to `given`, which is not a valid year.
    error InvalidYear(uint256 given);

    /// @notice Emitted when the year changes.
    event YearChanged(uint256 indexed previous, uint256 current);

    uint256 private _year = 2020;

    /// @notice The stored year; 2020 after deployment.
    function year() external view returns (uint256) {
        return _year;
    }

    /// @notice Replace the stored year.
    /// @param newYear The new year; 0 reverts with InvalidYear.
    function setYear(uint256 newYear) external {
        if (newYear == 0) revert InvalidYear(newYear);
        uint256 previous = _year;
        _year = newYear;
        emit YearChanged(previous, newYear);
    }
}
