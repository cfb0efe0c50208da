using System.Text.Json;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Approvals;

/// <summary>Raises approval requests into the outbox, in the caller's unit of work: one open request per subject, each
/// with its own idempotency key (<c>commerce:{type}:{subject}:{n}</c>).</summary>
public sealed class ApprovalOutbox(CommerceDb db, TenantContext tenant, TimeProvider clock)
{
    public const string SupplierValidation = "supplier_validation";
    public const string ProductSourcing = "product_sourcing";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> HasOpenRequestAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.ChangeTracker.Entries<ApprovalOutboxItem>().Any(e => e.State == EntityState.Added && e.Entity.SubjectId == subjectId)
        || await db.ApprovalOutbox.AnyAsync(a => a.SubjectId == subjectId && ApprovalOutboxStatuses.Open.Contains(a.Status), cancellationToken);

    /// <summary>Adds a request unless the subject has one open; says whether it did.</summary>
    public async Task<bool> RaiseAsync(string type, Guid subjectId, string priority, string title, string summary, object payload, CancellationToken cancellationToken)
    {
        if (await HasOpenRequestAsync(subjectId, cancellationToken))
        {
            return false;
        }
        var earlier = await db.ApprovalOutbox.CountAsync(a => a.SubjectId == subjectId, cancellationToken);
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"INSERT INTO known_tenants (tenant_id, since) VALUES ({tenant.RequiredTenantId}, {now}) ON CONFLICT DO NOTHING", cancellationToken);
        db.ApprovalOutbox.Add(new ApprovalOutboxItem
        {
            Id = Guid.CreateVersion7(),
            Type = type,
            SubjectId = subjectId,
            IdempotencyKey = $"commerce:{type}:{subjectId}:{earlier + 1}",
            Priority = priority,
            Title = title.Length > 200 ? title[..200] : title,
            Summary = summary.Length > 2000 ? summary[..2000] : summary,
            Payload = JsonSerializer.SerializeToDocument(payload, Json),
            NextAttemptAt = now,
            CreatedAt = now,
        });
        return true;
    }
}
