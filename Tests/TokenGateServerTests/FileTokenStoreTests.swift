import Foundation
import Testing
import TokenGateClient

/// `FileTokenStore`: a session file only its owner reads, replaced whole.
struct FileTokenStoreTests {
    private func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokenstore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private let tokens = StoredTokens(
        accessToken: "a.b.c",
        refreshToken: "d.e.f",
        receivedAt: Date(timeIntervalSince1970: 1_800_000_000),
        accessTokenExpiresAt: Date(timeIntervalSince1970: 1_800_000_900)
    )

    @Test func savedTokensComeBackFromAFileOnlyItsOwnerCanRead() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nested/session.json"
        let store = FileTokenStore(path: path)
        #expect(try store.load() == nil)
        try store.save(tokens)
        #expect(try FileTokenStore(path: path).load() == tokens)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder + "/nested")[.posixPermissions] as? Int
        #expect(folderMode == 0o700)

        var renewed = tokens
        renewed.accessToken = "g.h.i"
        try store.save(renewed)
        #expect(try store.load() == renewed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/nested") == ["session.json"])

        try store.save(nil)
        #expect(!FileManager.default.fileExists(atPath: path))
        try store.save(nil)
    }

    @Test func aFailedSaveIsAnErrorAndLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The path is taken by a folder that is not empty, so the final rename fails (for root too).
        let path = folder + "/session.json"
        try FileManager.default.createDirectory(atPath: path + "/occupied", withIntermediateDirectories: true)
        #expect(throws: FileTokenStoreError.self) { try FileTokenStore(path: path).save(tokens) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["session.json"])
    }
}
