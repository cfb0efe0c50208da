using System.Text.Json;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Platform.Data.Approvals;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Qualification;

/// <summary>Raises lead-qualification requests into the outbox, in the caller's unit of work: a lead gets one
/// open request at a time, each with its own idempotency key for the approval queue.</summary>
public sealed class QualificationOutbox(CrmDb db, TimeProvider clock)
{
    public const string ApprovalType = "lead_qualification";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RaiseAsync(Lead lead, ScoringSettings settings, CancellationToken cancellationToken)
    {
        var earlier = await db.QualificationRequests.Where(q => q.LeadId == lead.Id).Select(q => q.Status).ToListAsync(cancellationToken);
        earlier.AddRange(db.ChangeTracker.Entries<QualificationRequest>().Where(e => e.State == EntityState.Added && e.Entity.LeadId == lead.Id).Select(e => e.Entity.Status));
        if (earlier.Any(ApprovalOutboxStatuses.Open.Contains))
        {
            return;
        }
        var topFactors = lead.ScoreFactors.OrderByDescending(f => f.Points).Take(3).Select(f => $"{f.Label.ToLowerInvariant()} {f.Points:0.#}");
        var now = clock.GetUtcNow();
        db.QualificationRequests.Add(new QualificationRequest
        {
            Id = Guid.CreateVersion7(),
            LeadId = lead.Id,
            IdempotencyKey = $"crm:{ApprovalType}:{lead.Id}:{earlier.Count + 1}",
            // The approval queue takes titles of 200 characters at most.
            Title = Truncate($"Qualify lead {lead.Name}{(lead.Company is null ? "" : $" ({lead.Company})")}", 200),
            Summary = $"Score {lead.Score} reached the high-value threshold of {settings.HighValueThreshold} (top factors: {string.Join(", ", topFactors)}).",
            Payload = JsonSerializer.SerializeToDocument(new
            {
                leadId = lead.Id,
                name = lead.Name,
                email = lead.Email,
                company = lead.Company,
                jobTitle = lead.JobTitle,
                source = lead.Source,
                score = lead.Score,
                rating = lead.Rating,
                threshold = settings.HighValueThreshold,
                factors = lead.ScoreFactors,
                isDemo = lead.IsDemo,
            }, Json),
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }

    /// <summary>urgent at 95 and above, high at 90, otherwise medium.</summary>
    public static string PriorityFor(int score) => score >= 95 ? "urgent" : score >= 90 ? "high" : "medium";

    private static string Truncate(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;
}
