import Vapor

/// Every route, grouped by module. Each controller registers its routes with their policies.
func routes(_ app: Application) throws {
    SystemController().register(app)
    SessionController().register(app)
    PasswordLinkController().register(app)
    HomeController().register(app)
    AccountController().register(app)
    InboxController().register(app)
    UnitsController().register(app)
    WebhooksController().register(app)
    WorkGroupsController().register(app)
    UsersController().register(app)
    AuditController().register(app)
    JobsController().register(app)
    CalendarController().register(app)
    PlansController().register(app)
    TasksController().register(app)
    TaskLedgerController().register(app)
    OrdersController().register(app)
    ReviewController().register(app)
    PortalController().register(app)
    SuggestionModerationController().register(app)
    DispatchController().register(app)
    CockpitController().register(app)
    SupervisionController().register(app)
    EnterprisesController().register(app)
    PairingController().register(app)
    VisitsController().register(app)

    OrganizationAPIController().register(app)
    TasksAPIController().register(app)
}
