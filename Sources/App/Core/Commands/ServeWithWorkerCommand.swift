import Vapor

/// Vapor's `serve`, with the background job worker started first.
struct ServeWithWorkerCommand: AnyAsyncCommand {
    let serve: any AnyAsyncCommand

    var help: String { serve.help + " (and run background jobs unless YINGSHANG_WORKER=0)" }

    func outputAutoComplete(using context: inout CommandContext) throws { try serve.outputAutoComplete(using: &context) }
    func outputHelp(using context: inout CommandContext) throws { try serve.outputHelp(using: &context) }
    func renderCompletionFunctions(using context: CommandContext, shell: Shell) -> String {
        serve.renderCompletionFunctions(using: context, shell: shell)
    }

    func run(using context: inout CommandContext) async throws {
        let app = context.application
        if app.config.runJobWorker { app.jobs.start(app: app) }
        try await serve.run(using: &context)
    }
}
