using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// Something an agent, a service or a person proposes that a person of the tenant has to decide. Its whole
/// life is in PostgreSQL (due and expiry times included), so nothing is lost or forgotten across restarts.
/// </summary>
public sealed class ApprovalRequest : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The name of a registered <see cref="ApprovalType"/>.</summary>
    public required string Type { get; set; }
    public ApprovalPriority Priority { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }

    /// <summary>The proposal's structured details as the requester sent them (a JSON object), rendered by the UI.</summary>
    public required string Payload { get; set; }

    /// <summary>SHA-256 of the create request's content, to tell a retry from a different request under the same key.</summary>
    public required string Fingerprint { get; set; }
    public string? IdempotencyKey { get; set; }

    /// <summary>A service-discovery name (e.g. <c>crm</c>) told of the outcome at <see cref="CallbackPath"/>.</summary>
    public string? OriginService { get; set; }
    public string? CallbackPath { get; set; }

    /// <summary>The person who asked, or on whose behalf a service asked; no one of them may decide.</summary>
    public Guid? RequestedByUserId { get; set; }
    public string? RequestedByEmail { get; set; }

    /// <summary>The OAuth client that asked (a service), and the agent it names.</summary>
    public string? RequestedByClient { get; set; }
    public string? RequestedByAgent { get; set; }

    /// <summary>Tenant roles whose holders may claim and decide.</summary>
    public List<string> CandidateRoles { get; set; } = [];
    public Guid? AssigneeUserId { get; set; }
    public string? AssigneeEmail { get; set; }

    public string Status { get; set; } = ApprovalStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>Who closed it (an email, a service's client id, or <see cref="ApprovalRules.SystemActor"/>), when and why.</summary>
    public string? DecidedBy { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionComment { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: two writers of the same version cannot both succeed.</summary>
    public uint Version { get; set; }

    public bool IsPending => Status == ApprovalStatus.Pending;
}

/// <summary>Ordered as the queue is: urgent first. Stored as its number.</summary>
public enum ApprovalPriority
{
    Urgent = 0,
    High = 1,
    Medium = 2,
    Low = 3,
}

public static class ApprovalPriorities
{
    public static IReadOnlyList<ApprovalPriority> All { get; } = [ApprovalPriority.Urgent, ApprovalPriority.High, ApprovalPriority.Medium, ApprovalPriority.Low];

    public static string Name(this ApprovalPriority priority) => priority switch
    {
        ApprovalPriority.Urgent => "urgent",
        ApprovalPriority.High => "high",
        ApprovalPriority.Medium => "medium",
        _ => "low",
    };

    public static bool TryParse(string? name, out ApprovalPriority priority)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                priority = candidate;
                return true;
            }
        }
        priority = default;
        return false;
    }
}

public static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string ChangesRequested = "changes_requested";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Pending, Approved, Rejected, ChangesRequested, Expired, Cancelled];
}
