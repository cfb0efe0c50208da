using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Platform.Data;

/// <summary>
/// One row per process start of a service, written into that service's own database: the first
/// thing every service persists, and the start history its operators read at <c>GET /api/starts</c>.
/// </summary>
public sealed class ServiceStart
{
    public long Id { get; set; }
    public required string ServiceName { get; set; }
    public required string InstanceId { get; set; }
    public required string MachineName { get; set; }
    public required string Version { get; set; }
    public DateTimeOffset StartedAt { get; set; }
}

public static class ServiceStartModel
{
    public static ModelBuilder AddServiceStarts(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceStart>(e =>
        {
            e.ToTable("service_starts");
            e.Property(s => s.ServiceName).HasMaxLength(100);
            e.Property(s => s.InstanceId).HasMaxLength(200);
            e.Property(s => s.MachineName).HasMaxLength(200);
            e.Property(s => s.Version).HasMaxLength(50);
            e.HasIndex(s => s.StartedAt);
        });
        return modelBuilder;
    }
}
