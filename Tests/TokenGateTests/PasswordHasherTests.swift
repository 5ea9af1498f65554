import Testing

@testable import TokenGate

struct PasswordHasherTests {
    @Test func aHashVerifiesItsPasswordOnly() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("bcrypt_sha256$$2b$04$"))
        #expect(!hash.contains("correct horse"))
        #expect(try await hasher.verify("correct horse battery", against: hash))
        #expect(try await !hasher.verify("correct horse batterY", against: hash))
    }

    @Test func everyByteCountsBeyondBcryptsLimit() async throws {
        let hasher = PasswordHasher(cost: 4)
        let prefix = String(repeating: "a", count: 100)
        let hash = try await hasher.hash(prefix + "1")
        #expect(try await hasher.verify(prefix + "1", against: hash))
        #expect(try await !hasher.verify(prefix + "2", against: hash))
        let longest = String(repeating: "é", count: 512)
        #expect(try await hasher.verify(longest, against: try await hasher.hash(longest)))
    }

    @Test func theConfiguredCostIsUsed() async throws {
        let hasher = PasswordHasher(cost: 5)
        #expect(try await hasher.hash("password1").hasPrefix("bcrypt_sha256$$2b$05$"))
    }

    @Test func anUnknownHashFormatNeverVerifies() async throws {
        let hasher = PasswordHasher(cost: 4)
        #expect(try await !hasher.verify("password1", against: "plain:password1"))
        #expect(try await !hasher.verify("password1", against: ""))
    }

    @Test(arguments: [
        ("short", false), (String(repeating: "q", count: 8), true), (String(repeating: "x", count: 1_024), true),
        (String(repeating: "x", count: 1_025), false), ("         ", false), ("pass word", true),
        // Among the 10,000 most common passwords, in any letter case.
        ("iloveyou", false), ("Password1", false), ("SUNSHINE", false), ("sunshine and rain", true),
    ])
    func passwordPolicy(password: String, accepted: Bool) {
        #expect((PasswordPolicy.problem(with: password) == nil) == accepted)
    }

    /// The shipped list is the one its README describes: lowercase, unique, none shorter than the length rule allows.
    @Test func theCommonPasswordListIsWhatItsReadmeSays() {
        #expect(CommonPasswords.all.count == 3_395)
        #expect(CommonPasswords.all.allSatisfy { $0 == $0.lowercased() && $0.utf8.count >= PasswordPolicy.minimumLength })
        #expect(CommonPasswords.contains("password") && CommonPasswords.contains("qwertyuiop"))
    }

    @Test(arguments: [
        ("a@example.com", true), ("First.Last+tag@sub.example.org", true), ("no-at-sign", false), ("@example.com", false),
        ("a@", false), ("a@localhost", false), ("a b@example.com", false), ("a@exa mple.com", false), ("a..b@example.com", false),
        ("a@-example.com", false), (longAddress(topLevel: "cccccc"), true), (longAddress(topLevel: "ccccccc"), false),
    ])
    func emailShape(address: String, valid: Bool) {
        #expect(Email.isValid(address) == valid)
    }
}

/// A 254-byte address for a six-letter top-level domain; one more letter makes it 255.
private func longAddress(topLevel: String) -> String {
    let label = String(repeating: "b", count: 60)
    return String(repeating: "a", count: 64) + "@" + [label, label, label, topLevel].joined(separator: ".")
}
