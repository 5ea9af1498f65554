import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password without it ever appearing on the command line: from a prompt with echo off on a
/// terminal (asked twice when `confirm`), or as the first line of standard input otherwise.
enum PasswordInput {
    static func read(confirm: Bool = true) throws -> String {
        if isatty(STDIN_FILENO) != 0 {
            let first = try prompt("Password: ")
            guard confirm else { return first }
            let second = try prompt("Password again: ")
            guard first == second else { throw ValidationError("the two passwords differ") }
            return first
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("give the password on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | tokengate ...`")
        }
        return line
    }

    private static func prompt(_ text: String) throws -> String {
        guard let pointer = getpass(text) else { throw ValidationError("could not read the password") }
        return String(cString: pointer)
    }
}
