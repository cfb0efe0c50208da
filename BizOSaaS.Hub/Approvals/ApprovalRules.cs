using System.Security.Cryptography;
using System.Text;
using BizOSaaS.Platform.Identity;

namespace BizOSaaS.Hub.Approvals;

/// <summary>What someone can do to a request.</summary>
public enum ApprovalAction
{
    Approve,
    Reject,
    RequestChanges,
    Claim,
    Unclaim,
    Cancel,
}

public enum ApprovalVerdictKind
{
    /// <summary>Allowed, and it changes the request.</summary>
    Apply,

    /// <summary>Allowed, and already so: the same decision (or claim) again answers with the request as it is.</summary>
    Unchanged,
    Forbidden,
    Conflict,
}

public sealed record ApprovalVerdict(ApprovalVerdictKind Kind, string? Reason = null)
{
    public static readonly ApprovalVerdict Apply = new(ApprovalVerdictKind.Apply);
    public static readonly ApprovalVerdict Unchanged = new(ApprovalVerdictKind.Unchanged);

    public static ApprovalVerdict Forbidden(string reason) => new(ApprovalVerdictKind.Forbidden, reason);

    public static ApprovalVerdict Conflict(string reason) => new(ApprovalVerdictKind.Conflict, reason);
}

/// <summary>
/// The approval rules, in one place: every claim, unclaim, decision and cancellation of every endpoint is
/// judged by <see cref="Evaluate"/> before anything changes. Pure functions, so they are unit-tested as they are.
/// </summary>
public static class ApprovalRules
{
    /// <summary>How the history and callbacks name the durable timers (escalation, expiry).</summary>
    public const string SystemActor = "system";

    /// <summary>A payload larger than this (UTF-8 JSON) is refused with 413.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>When a request is due after it is created, unless the tenant's settings say otherwise.</summary>
    public static IReadOnlyDictionary<ApprovalPriority, TimeSpan> DefaultDueAfter { get; } = new Dictionary<ApprovalPriority, TimeSpan>
    {
        [ApprovalPriority.Urgent] = TimeSpan.FromHours(1),
        [ApprovalPriority.High] = TimeSpan.FromHours(4),
        [ApprovalPriority.Medium] = TimeSpan.FromHours(24),
        [ApprovalPriority.Low] = TimeSpan.FromHours(72),
    };

    /// <summary>The tenant roles a request or a type may name as candidates.</summary>
    public static IReadOnlyList<string> CandidateRoleNames { get; } = [PlatformRoles.TenantAdmin, PlatformRoles.Member];

    /// <summary>
    /// May <paramref name="actor"/> do <paramref name="action"/> to <paramref name="request"/> now? Who may act is
    /// judged before the state, so a refusal never depends on timing: the requester is refused a decision even
    /// on a request that is already decided.
    /// </summary>
    public static ApprovalVerdict Evaluate(ApprovalRequest request, ApprovalActor actor, ApprovalAction action)
    {
        if (action == ApprovalAction.Cancel)
        {
            return EvaluateCancel(request, actor);
        }
        if (!actor.IsPerson)
        {
            return ApprovalVerdict.Forbidden("Claims and decisions are made by people; a service token cannot make them.");
        }
        if (IsRequester(request, actor))
        {
            // Four-eyes: nobody approves their own proposal, whatever their roles (admins included).
            return ApprovalVerdict.Forbidden("Four-eyes rule: whoever requested an approval cannot claim or decide it.");
        }
        var isAssignee = request.AssigneeUserId is { } assignee && assignee == actor.UserId;
        var isCandidate = isAssignee || request.CandidateRoles.Any(actor.Holds);

        if (action == ApprovalAction.Unclaim)
        {
            if (!isAssignee && !actor.IsAdmin)
            {
                return ApprovalVerdict.Forbidden("Only the person who claimed a request, or a tenant admin, can unclaim it.");
            }
            if (!request.IsPending)
            {
                return ApprovalVerdict.Conflict($"The request is already {request.Status}.");
            }
            return request.AssigneeUserId is null ? ApprovalVerdict.Unchanged : ApprovalVerdict.Apply;
        }

        if (!isCandidate)
        {
            return ApprovalVerdict.Forbidden($"Only {string.Join(" or ", request.CandidateRoles)} (or the assignee) can claim or decide this request.");
        }

        if (action == ApprovalAction.Claim)
        {
            if (!request.IsPending)
            {
                return ApprovalVerdict.Conflict($"The request is already {request.Status}.");
            }
            if (isAssignee)
            {
                return ApprovalVerdict.Unchanged;
            }
            return request.AssigneeUserId is null
                ? ApprovalVerdict.Apply
                : ApprovalVerdict.Conflict($"The request is claimed by {request.AssigneeEmail}.");
        }

        var target = TargetStatus(action);
        if (!request.IsPending)
        {
            // Decisions are final: the same one again is answered as it was, any other is a conflict.
            return request.Status == target
                ? ApprovalVerdict.Unchanged
                : ApprovalVerdict.Conflict($"The request is already {request.Status}; a decision is final.");
        }
        if (request.AssigneeUserId is not null && !isAssignee)
        {
            return ApprovalVerdict.Conflict($"The request is claimed by {request.AssigneeEmail}; they decide it, or it is unclaimed first.");
        }
        return ApprovalVerdict.Apply;
    }

    private static ApprovalVerdict EvaluateCancel(ApprovalRequest request, ApprovalActor actor)
    {
        if (!IsRequester(request, actor) && !actor.IsAdmin)
        {
            return ApprovalVerdict.Forbidden("Only whoever requested it, or a tenant admin, can cancel a request.");
        }
        if (!request.IsPending)
        {
            return request.Status == ApprovalStatus.Cancelled
                ? ApprovalVerdict.Unchanged
                : ApprovalVerdict.Conflict($"The request is already {request.Status}; it can no longer be cancelled.");
        }
        return ApprovalVerdict.Apply;
    }

    /// <summary>The person who asked (or on whose behalf a service asked), or the service client that asked.</summary>
    public static bool IsRequester(ApprovalRequest request, ApprovalActor actor) =>
        (actor.UserId is { } userId && request.RequestedByUserId == userId)
        || (actor.IsService && actor.ClientId is not null && request.RequestedByClient == actor.ClientId);

    /// <summary>The status a decision or a cancellation ends in.</summary>
    public static string TargetStatus(ApprovalAction action) => action switch
    {
        ApprovalAction.Approve => ApprovalStatus.Approved,
        ApprovalAction.Reject => ApprovalStatus.Rejected,
        ApprovalAction.RequestChanges => ApprovalStatus.ChangesRequested,
        ApprovalAction.Cancel => ApprovalStatus.Cancelled,
        _ => ApprovalStatus.Pending,
    };

    /// <summary>The history's name for what the action did.</summary>
    public static string EventKind(ApprovalAction action) => action switch
    {
        ApprovalAction.Approve => ApprovalEventKinds.Approved,
        ApprovalAction.Reject => ApprovalEventKinds.Rejected,
        ApprovalAction.RequestChanges => ApprovalEventKinds.ChangesRequested,
        ApprovalAction.Claim => ApprovalEventKinds.Claimed,
        ApprovalAction.Unclaim => ApprovalEventKinds.Unclaimed,
        _ => ApprovalEventKinds.Cancelled,
    };

    /// <summary>
    /// <paramref name="time"/> to PostgreSQL's precision (microseconds), so what an answer shows is what is stored
    /// and a repeated answer, read back from the database, is the same to the tick.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>One step more urgent; urgent stays urgent.</summary>
    public static ApprovalPriority Escalate(ApprovalPriority priority) =>
        priority == ApprovalPriority.Urgent ? ApprovalPriority.Urgent : priority - 1;

    /// <summary>The status a request nobody decided ends in, by its type's policy.</summary>
    public static string ExpiredStatus(string expiryPolicy) =>
        expiryPolicy == ApprovalExpiryPolicies.AutoReject ? ApprovalStatus.Rejected : ApprovalStatus.Expired;

    /// <summary>When a request is due: the tenant's time for its priority, or the platform's default.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset createdAt, ApprovalPriority priority, ApprovalSettings? settings) =>
        createdAt + (settings?.DueAfter(priority) ?? DefaultDueAfter[priority]);

    /// <summary>When a request expires unless it names its own time: the type's span, never before it is due.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset createdAt, DateTimeOffset dueAt, TimeSpan typeExpiresAfter)
    {
        var expires = createdAt + typeExpiresAfter;
        return expires > dueAt ? expires : dueAt;
    }

    /// <summary>The wait before callback attempt <paramref name="failedAttempts"/> + 1: 1 s, 2 s, 4 s … up to <paramref name="cap"/>.</summary>
    public static TimeSpan CallbackBackoff(int failedAttempts, TimeSpan cap)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var wait = TimeSpan.FromSeconds(Math.Pow(2, exponent));
        return wait < cap ? wait : cap;
    }

    /// <summary>
    /// The id of the request created under <paramref name="idempotencyKey"/> in <paramref name="tenantId"/> (a
    /// name-based UUID, RFC 9562 version 5, in the tenant's namespace): the same key always names the same
    /// request, so the primary key itself makes a second create impossible, even from two replicas at once.
    /// </summary>
    public static Guid IdFor(Guid tenantId, string idempotencyKey)
    {
        Span<byte> space = stackalloc byte[16];
        tenantId.TryWriteBytes(space, bigEndian: true, out _);
        var name = Encoding.UTF8.GetBytes(idempotencyKey);
        var input = new byte[16 + name.Length];
        space.CopyTo(input);
        name.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>Whether a callback path is a plain absolute path on the origin (no scheme, host, query or dot segments).</summary>
    public static bool IsCallbackPath(string? path) =>
        path is { Length: > 1 and <= 200 } && path[0] == '/' && !path.Contains("//", StringComparison.Ordinal)
        && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~')
        && !path.Split('/').Any(segment => segment is "." or "..");

    /// <summary>Whether a name can be a service-discovery name (the hub also checks that it knows the service).</summary>
    public static bool IsServiceName(string? name) =>
        name is { Length: > 0 and <= 63 } && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Whether a name can be a type's name: snake_case, 3 to 60 characters.</summary>
    public static bool IsTypeName(string? name) =>
        name is { Length: >= 3 and <= 60 } && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>Whether an idempotency key is usable: 1 to 200 printable ASCII characters.</summary>
    public static bool IsIdempotencyKey(string? key) =>
        key is { Length: > 0 and <= 200 } && key.All(c => c is >= '!' and <= '~');
}
