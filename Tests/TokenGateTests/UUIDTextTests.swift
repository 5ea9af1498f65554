import Foundation
import Testing

@testable import TokenGate

struct UUIDTextTests {
    @Test func everyUUIDIsWrittenAsFoundationWritesItAndReadsBackFromEitherCase() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(UUID(canonical: id.uuidString) == id)
            #expect(UUID(canonical: id.uuidString.lowercased()) == id)
            var text: [UInt8] = []
            id.appendCanonical(to: &text)
            #expect(String(decoding: text, as: UTF8.self) == id.uuidString)
            #expect(UUID(canonical: id.uuidString.dropFirst(0)) == id)
        }
    }

    @Test(arguments: [
        "", "0", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5FF",
        "E621E1F8C-36C-495A-93FC-0C247A3E6E5F", "E621E1F8-C36C-495A-93FC-0C247A3E6E5G", "E621E1F8 C36C-495A-93FC-0C247A3E6E5F",
        "{621E1F8-C36C-495A-93FC-0C247A3E6E5}", "E621E1F8-C36C-495A-93FC-0C247A3E6Eé", "E621E1F8-C36C-495A-93FC+0C247A3E6E5F",
    ])
    func textThatIsNotAUUIDIsRefusedAsFoundationRefusesIt(_ text: String) {
        #expect(UUID(canonical: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }

    @Test func aKnownUUIDHasItsBytesInOrder() throws {
        let id = try #require(UUID(canonical: "00112233-4455-6677-8899-aabbccddeeff"))
        #expect(
            withUnsafeBytes(of: id.uuid) { Array($0) } == [
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
            ]
        )
    }
}
