namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// A kind of request the queue accepts, registered in a platform-wide table rather than in code: a new type
/// is one <c>POST /api/brain/hitl/types</c>. Not tenant-owned; every tenant uses the same types.
/// </summary>
public sealed class ApprovalType
{
    /// <summary>e.g. <c>product_sourcing</c>.</summary>
    public required string Name { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>What happens to a request nobody decided by its expiry: see <see cref="ApprovalExpiryPolicies"/>.</summary>
    public required string ExpiryPolicy { get; set; }

    /// <summary>How long after creation a request of this type expires, unless the request names its own expiry.</summary>
    public TimeSpan ExpiresAfter { get; set; }

    /// <summary>The tenant roles that decide unless a request names others.</summary>
    public List<string> CandidateRoles { get; set; } = [];
    public bool BuiltIn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

public static class ApprovalExpiryPolicies
{
    /// <summary>The request ends as <c>expired</c>: nobody decided, and the origin is told so.</summary>
    public const string Expire = "expire";

    /// <summary>The request ends as <c>rejected</c> by the system: not acting is the safe default.</summary>
    public const string AutoReject = "auto_reject";

    public static IReadOnlyList<string> All { get; } = [Expire, AutoReject];
}
