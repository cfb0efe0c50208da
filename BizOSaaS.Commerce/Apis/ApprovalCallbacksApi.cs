using System.Security.Claims;
using BizOSaaS.Commerce.Approvals;
using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Commerce.Suppliers;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Caching;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>
/// The approval queue's callback: a person decided on a supplier_validation or product_sourcing request. Only the
/// platform's services (a service token for the tenant) may call it. Each decision is applied once: the request's
/// status guards it, its xmin settles two deliveries at once, and an approved candidate's product is unique.
/// </summary>
public static class ApprovalCallbacksApi
{
    public static IEndpointRouteBuilder MapApprovalCallbacksApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/approvals").WithTags("Approvals").RequireAuthorization(PlatformPolicies.Service)
            .MapPost("/decisions", Receive).ValidatedWithHandlerRules()
            .WithSummary("Receives a decision on a supplier-validation or product-sourcing request from the approval queue (services only; idempotent).");
        return app;
    }

    private static async Task<Results<Ok<DecisionReceipt>, ValidationProblem>> Receive(
        ApprovalDecision decision, ClaimsPrincipal caller, CommerceDb db, SourcingApproval sourcing, TenantCache cache, RequestValidator validator,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(decision, cancellationToken);
        OutboxApprovalRequests.CheckDecision(errors, decision, caller);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var status = decision.Status!.Trim().ToLowerInvariant();
        var request = await db.ApprovalOutbox.ForDecisionAsync(decision, cancellationToken);
        if (request is null)
        {
            // Answered 200 so the queue stops retrying: there is nothing here it could ever apply to.
            loggers.CreateLogger(typeof(ApprovalCallbacksApi)).LogWarning("A decision for unknown request {Key} / {RequestId} was ignored", decision.IdempotencyKey, decision.RequestId);
            return TypedResults.Ok(new DecisionReceipt(false, "No approval request of this tenant has that key."));
        }
        if (request.IsSettled(status))
        {
            return TypedResults.Ok(new DecisionReceipt(false, $"Already {request.Status}; nothing changed."));
        }

        var now = clock.GetUtcNow();
        var decidedBy = request.RecordDecision(decision, status, now);

        var detail = $"Recorded {status}; its subject no longer exists.";
        var madeProduct = false;
        if (request.Type == ApprovalOutbox.SupplierValidation && await db.Suppliers.FirstOrDefaultAsync(s => s.Id == request.SubjectId, cancellationToken) is { } supplier)
        {
            SupplierReview.ApplyDecision(supplier, status, decidedBy, request.DecisionComment);
            supplier.UpdatedAt = now;
            detail = $"Supplier {supplier.Name} is {supplier.Status}.";
        }
        else if (request.Type == ApprovalOutbox.ProductSourcing && await db.SourcingCandidates.FirstOrDefaultAsync(c => c.Id == request.SubjectId, cancellationToken) is { } candidate)
        {
            madeProduct = await sourcing.ApplyAsync(candidate, status, decidedBy, request.DecidedAt ?? now, cancellationToken);
            detail = candidate.ProductId is { } product ? $"Candidate {candidate.Name} is approved; draft product {product}." : $"Candidate {candidate.Name} is {candidate.Status}.";
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || UniqueViolations.IsUniqueViolation(ex))
        {
            // The same decision arrived twice at once and the other delivery applied it.
            return TypedResults.Ok(new DecisionReceipt(false, "Applied by a concurrent delivery; nothing changed."));
        }
        if (madeProduct)
        {
            await cache.InvalidateAsync(ProductsApi.Tag, cancellationToken);
        }
        return TypedResults.Ok(new DecisionReceipt(true, detail));
    }
}
