using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Platform.Data.Approvals;

public sealed class ApprovalOutboxOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Delivers a service's approval outbox: every few seconds, for each tenant with requests, sends the due ones to the hub's
/// approval queue with a service token for the tenant until the queue accepts them, backing off exponentially. Each due
/// row is claimed by one replica (<c>FOR UPDATE SKIP LOCKED</c>); the queue's idempotency key makes a repeated send (a
/// crash after sending, before marking) harmless.
/// </summary>
public abstract class ApprovalOutboxDelivery<TDb, TRequest>(IServiceProvider services, TenantContext tenantContext, TimeProvider clock,
    IOptions<ApprovalOutboxOptions> options, ILogger logger) : BackgroundService
    where TDb : DbContext
    where TRequest : OutboxApprovalRequest
{
    /// <summary>The outbox table (a constant of the service, never input).</summary>
    protected abstract string Table { get; }

    /// <summary>The tenants whose outboxes to look at (ids only, read across tenants).</summary>
    protected abstract IQueryable<Guid> Tenants(TDb db);

    /// <summary>What to send for each due request, in their order (one read of whatever they need, not one per request).</summary>
    protected abstract Task<IReadOnlyList<ApprovalSubmission>> SubmissionsAsync(TDb db, IReadOnlyList<TRequest> due, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!services.GetRequiredService<ServiceTokens>().IsConfigured)
        {
            logger.LogWarning("No services client secret ({Key}): approval requests stay in the outbox until one is configured.", ServiceTokens.SecretKey);
            return;
        }
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Delivering approval requests failed; retrying on the next tick.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var queue = scope.ServiceProvider.GetRequiredService<ApprovalQueueClient>();
        var tenants = await Tenants(db).ToListAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            using (tenantContext.Use(tenantId))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = clock.GetUtcNow();
#pragma warning disable EF1002 // The table name is the service's constant; the values are parameters.
                var due = await db.Set<TRequest>()
                    .FromSqlRaw($"SELECT *, xmin FROM {Table} WHERE status = {{0}} AND next_attempt_at <= {{1}} ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED",
                        ApprovalOutboxStatuses.Pending, now)
                    .ToListAsync(cancellationToken);
#pragma warning restore EF1002
                IReadOnlyList<ApprovalSubmission> submissions = due.Count == 0 ? [] : await SubmissionsAsync(db, due, cancellationToken);
                foreach (var (request, submission) in due.Zip(submissions))
                {
                    ApprovalQueueClient.Delivery result;
                    try
                    {
                        result = await queue.SubmitAsync(submission, cancellationToken);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        result = new ApprovalQueueClient.Delivery(false, null, ex.Message);
                    }
                    Record(request, result, clock.GetUtcNow());
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private void Record(TRequest request, ApprovalQueueClient.Delivery result, DateTimeOffset now)
    {
        request.Attempts++;
        if (result.Accepted)
        {
            request.Status = ApprovalOutboxStatuses.Delivered;
            request.ApprovalRequestId = result.ApprovalRequestId;
            request.DeliveredAt = now;
            request.LastError = null;
            logger.LogInformation("Approval request {Key} is in the approval queue as {ApprovalId}", request.IdempotencyKey, result.ApprovalRequestId);
            return;
        }
        var backoff = ApprovalQueueClient.Backoff(request.Attempts, options.Value.MaxBackoff);
        request.NextAttemptAt = now + backoff;
        request.LastError = result.Error is { Length: > 2000 } error ? error[..2000] : result.Error;
        if (result.Permanent)
        {
            logger.LogError("The approval queue refused {Key}: {Error}. It stays in the outbox.", request.IdempotencyKey, result.Error);
        }
        else
        {
            logger.LogWarning("The approval queue could not take {Key} (attempt {Attempt}): {Error}; next try in {Backoff}.", request.IdempotencyKey, request.Attempts, result.Error, backoff);
        }
    }
}
