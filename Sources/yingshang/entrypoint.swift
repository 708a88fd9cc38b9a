import App
import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

/// Entry point: build the app, hand it to `configure`, run the command line (`serve` by default).
@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)

        // Runs async handlers on the event loops instead of hopping to the global executor
        // (docs/BENCHMARKS.md has the figures with and without; YINGSHANG_NIO_EXECUTOR=0 turns it off).
        let installed = ProcessInfo.processInfo.environment["YINGSHANG_NIO_EXECUTOR"] == "0"
            ? false : NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let app = try await Application.make(env)
        if !installed { app.logger.debug("Could not install the NIO executor; running on the default executor") }
        do {
            try await configure(app)
            try await app.execute()
        } catch {
            // A failed command (bad file, weak password, broken audit chain) is a message and a
            // non-zero exit code for the operator, not a crash report.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
