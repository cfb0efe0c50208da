using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Commerce.Approvals;

public sealed class ApprovalOutboxOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Delivers the outbox: every few seconds, for each tenant with requests, sends the due ones to the hub's approval
/// queue until it accepts them, backing off exponentially. Each due row is claimed by one replica (<c>FOR UPDATE SKIP
/// LOCKED</c>); the queue's idempotency key makes a repeated send (a crash after sending, before marking) harmless.
/// </summary>
public sealed class ApprovalOutboxDelivery(IServiceProvider services, TenantContext tenantContext, TimeProvider clock,
    IOptions<ApprovalOutboxOptions> options, ILogger<ApprovalOutboxDelivery> logger) : BackgroundService
{
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
        var db = scope.ServiceProvider.GetRequiredService<CommerceDb>();
        var queue = scope.ServiceProvider.GetRequiredService<ApprovalQueueClient>();
        var tenants = await db.KnownTenants.AsNoTracking().Select(t => t.TenantId).ToListAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            using (tenantContext.Use(tenantId))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = clock.GetUtcNow();
                var due = await db.ApprovalOutbox
                    .FromSql($"SELECT *, xmin FROM approval_outbox WHERE status = {ApprovalOutboxStatuses.Pending} AND next_attempt_at <= {now} ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED")
                    .ToListAsync(cancellationToken);
                foreach (var item in due)
                {
                    ApprovalQueueClient.Delivery result;
                    try
                    {
                        result = await queue.SubmitAsync(new ApprovalSubmission(item.Type, item.Priority, item.Title, item.Summary, item.Payload.RootElement,
                            "commerce", item.IdempotencyKey, item.Type == ApprovalOutbox.ProductSourcing ? "commerce sourcing" : "commerce supplier review"), cancellationToken);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        result = new ApprovalQueueClient.Delivery(false, null, ex.Message);
                    }
                    Record(item, result, clock.GetUtcNow());
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private void Record(ApprovalOutboxItem item, ApprovalQueueClient.Delivery result, DateTimeOffset now)
    {
        item.Attempts++;
        if (result.Accepted)
        {
            item.Status = ApprovalOutboxStatuses.Delivered;
            item.ApprovalRequestId = result.ApprovalRequestId;
            item.DeliveredAt = now;
            item.LastError = null;
            logger.LogInformation("Approval request {Key} is in the approval queue as {ApprovalId}", item.IdempotencyKey, result.ApprovalRequestId);
            return;
        }
        var backoff = ApprovalQueueClient.Backoff(item.Attempts, options.Value.MaxBackoff);
        item.NextAttemptAt = now + backoff;
        item.LastError = result.Error is { Length: > 2000 } error ? error[..2000] : result.Error;
        if (result.Permanent)
        {
            logger.LogError("The approval queue refused {Key}: {Error}. It stays in the outbox.", item.IdempotencyKey, result.Error);
        }
        else
        {
            logger.LogWarning("The approval queue could not take {Key} (attempt {Attempt}): {Error}; next try in {Backoff}.", item.IdempotencyKey, item.Attempts, result.Error, backoff);
        }
    }
}
