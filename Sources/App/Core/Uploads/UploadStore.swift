import Crypto
import Foundation
import Vapor

/// Uploaded files on disk under `<data directory>/uploads`, outside `Public/` so nothing stored is
/// ever served by the file middleware.
///
/// Files are named by a random key, never by anything the uploader sent, so a name cannot collide,
/// traverse or be guessed. The key is also the only thing `read` accepts, and only in the exact
/// format `store` generates. Blocking file IO and hashing run on the thread pool, not an event loop.
struct UploadStore: Sendable {
    struct Stored: Sendable, Equatable {
        /// Opaque storage key to keep in the database; pass it back to `read`, `delete` or `fileURL`.
        let key: String
        let size: Int
        /// Lower-case hex SHA-256 of the content.
        let sha256: String
    }

    enum Failure: Error, Sendable, Equatable {
        case tooLarge(limit: Int)
        case invalidKey
        case notFound
    }

    /// 24 random bytes: 32 URL-safe base64 characters, no padding.
    static let keyLength = 32
    private static let keyBytes = 24

    let directory: URL
    let maxBytes: Int
    let threadPool: NIOThreadPool

    init(directory: URL, maxBytes: Int, threadPool: NIOThreadPool) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.threadPool = threadPool
    }

    /// Writes `data` under a new key. The file appears complete or not at all: it is written and
    /// synced under a temporary name in the same directory tree, then renamed into place.
    func store(_ data: Data) async throws -> Stored {
        guard data.count <= maxBytes else { throw Failure.tooLarge(limit: maxBytes) }
        let directory = self.directory
        return try await threadPool.runIfActive {
            let key = Tokens.random(bytes: UploadStore.keyBytes)
            let target = UploadStore.location(of: key, in: directory)
            let temporaryFolder = directory.appendingPathComponent("tmp", isDirectory: true)
            let temporary = temporaryFolder.appendingPathComponent(Tokens.random(bytes: 16) + ".part")
            let files = FileManager.default
            let privateFolder: [FileAttributeKey: Any] = [.posixPermissions: 0o700]
            try files.createDirectory(at: temporaryFolder, withIntermediateDirectories: true, attributes: privateFolder)
            try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: privateFolder)

            guard files.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
            }
            do {
                let handle = try FileHandle(forWritingTo: temporary)
                do {
                    try handle.write(contentsOf: data)
                    try handle.synchronize()
                } catch {
                    try? handle.close()
                    throw error
                }
                try handle.close()
                // moveItem refuses an existing destination, so even a key collision cannot overwrite.
                try files.moveItem(at: temporary, to: target)
            } catch {
                try? files.removeItem(at: temporary)
                throw error
            }
            return Stored(key: key, size: data.count, sha256: Tokens.hex(SHA256.hash(data: data)))
        }
    }

    func read(key: String) async throws -> Data {
        let url = try fileURL(forKey: key)
        return try await threadPool.runIfActive {
            guard FileManager.default.fileExists(atPath: url.path) else { throw Failure.notFound }
            return try Data(contentsOf: url)
        }
    }

    /// Removes the file; removing one that is already gone is not an error.
    func delete(key: String) async throws {
        let url = try fileURL(forKey: key)
        try await threadPool.runIfActive {
            guard FileManager.default.fileExists(atPath: url.path) else { return }
            try FileManager.default.removeItem(at: url)
        }
    }

    /// Where the file for `key` lives, e.g. to stream it with `req.fileio`. Throws `invalidKey` for
    /// anything `store` could not have produced, so no input can name a path outside the store.
    func fileURL(forKey key: String) throws(Failure) -> URL {
        guard UploadStore.isValidKey(key) else { throw .invalidKey }
        return UploadStore.location(of: key, in: directory)
    }

    static func isValidKey(_ key: String) -> Bool {
        let utf8 = key.utf8
        return utf8.count == keyLength && utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    /// Two folder levels from the key's first four characters keep any one folder small.
    private static func location(of key: String, in directory: URL) -> URL {
        let characters = Array(key)
        return directory
            .appendingPathComponent(String(characters[0..<2]), isDirectory: true)
            .appendingPathComponent(String(characters[2..<4]), isDirectory: true)
            .appendingPathComponent(key, isDirectory: false)
    }
}

extension UploadStore.Failure {
    /// The HTTP-facing error for a controller to throw.
    var appError: AppError {
        switch self {
        case .tooLarge: .payloadTooLarge
        case .invalidKey, .notFound: .notFound
        }
    }
}

extension Application {
    /// The store under the configured data directory, sized by `YINGSHANG_MAX_UPLOAD_MB`.
    var uploadStore: UploadStore {
        UploadStore(
            directory: URL(fileURLWithPath: config.dataDirectory, isDirectory: true)
                .appendingPathComponent("uploads", isDirectory: true),
            maxBytes: config.maxUploadBytes,
            threadPool: threadPool
        )
    }
}

extension Request {
    var uploadStore: UploadStore { application.uploadStore }
}
