using System.Security.Claims;
using System.Text.Json;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using BizOSaaS.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BizOSaaS.Platform.Data.Approvals;

/// <summary>
/// A question a service asks a person through the hub's approval queue, kept in the service's own outbox table: written in
/// the same transaction as what raised it, delivered by an <see cref="ApprovalOutboxDelivery{TDb, TRequest}"/> until the
/// queue has it, and updated once when the decision comes back. None is lost while the hub is away.
/// </summary>
public abstract class OutboxApprovalRequest : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The approval queue's idempotency key: the same request is never created twice.</summary>
    public required string IdempotencyKey { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required JsonDocument Payload { get; set; }

    /// <summary><c>pending</c> (not yet accepted by the queue), <c>delivered</c>, or the decision (<c>approved</c>, <c>rejected</c>, …).</summary>
    public string Status { get; set; } = ApprovalOutboxStatuses.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public Guid? ApprovalRequestId { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionComment { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>xmin: two deliveries of the same decision at once cannot both apply it.</summary>
    public uint Version { get; set; }
}

public static class ApprovalOutboxStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Still waiting for a person: its subject gets no second request meanwhile.</summary>
    public static readonly IReadOnlyList<string> Open = [Pending, Delivered, "changes_requested"];

    /// <summary>Decisions that end a request: a later delivery of any decision changes nothing.</summary>
    public static readonly IReadOnlyList<string> Final = ["approved", "rejected", "expired", "cancelled"];
}

public static class OutboxApprovalRequests
{
    /// <summary>The outbox columns every service maps the same way, its lookups by key and by due time, and xmin (the
    /// title's length is the service's: the queue takes 200 characters).</summary>
    public static EntityTypeBuilder<T> MapOutboxApprovalRequest<T>(this EntityTypeBuilder<T> e, string table) where T : OutboxApprovalRequest
    {
        e.ToTable(table);
        e.Property(x => x.IdempotencyKey).HasMaxLength(200);
        e.Property(x => x.Summary).HasMaxLength(2000);
        e.Property(x => x.Status).HasMaxLength(30);
        e.Property(x => x.LastError).HasMaxLength(2000);
        e.Property(x => x.DecidedBy).HasMaxLength(320);
        e.Property(x => x.DecisionComment).HasMaxLength(2000);
        e.Property(x => x.Version).IsRowVersion();
        e.HasIndex(x => new { x.TenantId, x.IdempotencyKey }).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.Status, x.NextAttemptAt });
        return e;
    }

    /// <summary>What is wrong with a decision the queue sent, beyond its own attributes.</summary>
    public static void CheckDecision(FieldErrors errors, ApprovalDecision decision, ClaimsPrincipal caller)
    {
        if (string.IsNullOrWhiteSpace(decision.IdempotencyKey) && decision.RequestId is null)
        {
            errors.Add("idempotencyKey", "idempotencyKey or requestId is required.");
        }
        if (decision.TenantId is { } tenant && tenant != caller.TenantId())
        {
            errors.Add("tenantId", "tenantId must be the tenant the caller's token acts for.");
        }
    }

    /// <summary>The outbox request a decision answers, found by its idempotency key or the queue's request id.</summary>
    public static Task<T?> ForDecisionAsync<T>(this IQueryable<T> requests, ApprovalDecision decision, CancellationToken cancellationToken) where T : OutboxApprovalRequest =>
        requests.FirstOrDefaultAsync(r => (decision.IdempotencyKey != null && r.IdempotencyKey == decision.IdempotencyKey)
            || (decision.RequestId != null && r.ApprovalRequestId == decision.RequestId), cancellationToken);

    /// <summary>Whether the request already has this decision or a final one: then nothing may change.</summary>
    public static bool IsSettled(this OutboxApprovalRequest request, string status) =>
        request.Status == status || ApprovalOutboxStatuses.Final.Contains(request.Status);

    /// <summary>Records the decision on the request; answers who decided (the queue itself when nobody is named).</summary>
    public static string RecordDecision(this OutboxApprovalRequest request, ApprovalDecision decision, string status, DateTimeOffset now)
    {
        var decidedBy = decision.DecidedBy is { Length: > 0 } by ? (by.Length > 320 ? by[..320] : by) : "approval queue";
        request.Status = status;
        request.ApprovalRequestId ??= decision.RequestId;
        request.DecidedBy = decidedBy;
        request.DecisionComment = decision.Comment is { Length: > 2000 } comment ? comment[..2000] : decision.Comment;
        request.DecidedAt = decision.DecidedAt ?? now;
        request.DeliveredAt ??= now;
        return decidedBy;
    }
}
