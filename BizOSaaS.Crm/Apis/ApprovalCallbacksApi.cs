using System.Security.Claims;
using BizOSaaS.Crm.Activities;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Apis;

/// <summary>
/// The approval queue's callback: a person decided on a lead-qualification request. Only the platform's services
/// (a service token for the tenant) may call it. The decision is applied once — approved qualifies the lead,
/// rejected marks it unqualified — and a repeated delivery of the same decision changes nothing.
/// </summary>
public static class ApprovalCallbacksApi
{
    public static IEndpointRouteBuilder MapApprovalCallbacksApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/approvals").WithTags("Approvals").RequireAuthorization(PlatformPolicies.Service)
            .MapPost("/decisions", Receive).ValidatedWithHandlerRules()
            .WithSummary("Receives a decision on a lead-qualification request from the approval queue (services only; idempotent).");
        return app;
    }

    private static async Task<Results<Ok<DecisionReceipt>, ValidationProblem>> Receive(
        ApprovalDecision decision, ClaimsPrincipal caller, CrmDb db, TenantCache cache, RequestValidator validator, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(decision, cancellationToken);
        OutboxApprovalRequests.CheckDecision(errors, decision, caller);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var status = decision.Status!.Trim().ToLowerInvariant();
        var request = await db.QualificationRequests.ForDecisionAsync(decision, cancellationToken);
        if (request is null)
        {
            // Answered 200 so the queue stops retrying: there is nothing here it could ever apply to.
            loggers.CreateLogger(typeof(ApprovalCallbacksApi)).LogWarning("A decision for unknown request {Key} / {RequestId} was ignored", decision.IdempotencyKey, decision.RequestId);
            return TypedResults.Ok(new DecisionReceipt(false, "No lead-qualification request of this tenant has that key."));
        }
        if (request.IsSettled(status))
        {
            return TypedResults.Ok(new DecisionReceipt(false, $"Already {request.Status}; nothing changed."));
        }

        var now = clock.GetUtcNow();
        var decidedBy = request.RecordDecision(decision, status, now);

        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == request.LeadId, cancellationToken);
        if (lead is not null)
        {
            var before = LeadSnapshot.Of(lead);
            if (lead.Status != LeadStatuses.Converted)
            {
                lead.Status = status switch { "approved" => LeadStatuses.Qualified, "rejected" => LeadStatuses.Unqualified, _ => lead.Status };
            }
            var verdict = status.Replace('_', ' ');
            db.Activities.Add(new Activity
            {
                Id = Guid.CreateVersion7(),
                Kind = ActivityKinds.Note,
                Subject = $"Qualification {verdict} by {decidedBy}",
                Body = decision.Comment,
                OccurredAt = now,
                Done = true,
                LeadId = lead.Id,
                CreatedByName = decidedBy,
                CreatedAt = now,
                UpdatedAt = now,
            });
            lead.UpdatedAt = now;
            ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "qualification_" + status, new Actor(null, decidedBy),
                new { requestId = request.ApprovalRequestId, comment = decision.Comment, fields = ChangeTrail.Diff(before, LeadSnapshot.Of(lead)) },
                $"Qualification {verdict} by {decidedBy}", now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same decision arrived twice at once and the other delivery applied it.
            return TypedResults.Ok(new DecisionReceipt(false, "Applied by a concurrent delivery; nothing changed."));
        }
        await cache.InvalidateAsync(LeadsApi.LeadsTag, cancellationToken);
        return TypedResults.Ok(new DecisionReceipt(true, lead is null ? $"Recorded {status}; the lead no longer exists." : $"Lead is now {lead.Status}."));
    }
}
