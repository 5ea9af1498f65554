/// The most common passwords (zxcvbn's list; `CommonPasswords/README.md` says which and how it was made), which no
/// account may choose.
enum CommonPasswords {
    /// The list, lowercase, read once from the file compiled into the binary.
    static let all: Set<String> = Set(
        PackageResources.common_passwords_txt.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    )

    /// Whether `password`, in any letter case, is on the list.
    static func contains(_ password: String) -> Bool {
        all.contains(password.lowercased())
    }
}
