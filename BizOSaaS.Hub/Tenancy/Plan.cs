namespace BizOSaaS.Hub.Tenancy;

/// <summary>What a tenant pays for, and the limits that come with it. Seeded in every environment.</summary>
public sealed class Plan
{
    public const string Free = "free";
    public const string Professional = "professional";
    public const string Enterprise = "enterprise";

    public required string Id { get; set; }
    public required string Name { get; set; }
    public int MaxUsers { get; set; }
    public int AgentRunsPerMonth { get; set; }

    /// <summary>Multiplies every rate-limit tier for the tenant's users (carried in tokens as <c>rate_scale</c>).</summary>
    public double RateScale { get; set; }
    public List<string> Features { get; set; } = [];

    public static IReadOnlyList<Plan> All { get; } =
    [
        new() { Id = Free, Name = "Free", MaxUsers = 3, AgentRunsPerMonth = 100, RateScale = 1, Features = ["crm", "directory"] },
        new() { Id = Professional, Name = "Professional", MaxUsers = 25, AgentRunsPerMonth = 2_000, RateScale = 2, Features = ["crm", "commerce", "directory", "content", "approvals"] },
        new() { Id = Enterprise, Name = "Enterprise", MaxUsers = 500, AgentRunsPerMonth = 50_000, RateScale = 5, Features = ["crm", "commerce", "directory", "content", "approvals", "ai_agents", "audit_export"] },
    ];
}
