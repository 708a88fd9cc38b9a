import App
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

        // Runs async handlers on the event loops instead of hopping to the global executor.
        let installed = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let app = try await Application.make(env)
        if !installed { app.logger.debug("Could not install the NIO executor; running on the default executor") }
        do {
            try await configure(app)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
