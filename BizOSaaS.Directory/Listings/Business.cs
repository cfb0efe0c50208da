using System.ComponentModel;
using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Directory.Listings;

/// <summary>A business listed in a tenant's directory; the directory issue grows this into full listings.</summary>
public sealed class Business : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    public string? City { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record BusinessRequest([Text(200, Required = true)] string? Name, [Text(100, Required = true)] string? Category, [Text(100)] string? City);

[ImmutableObject(true)]
public sealed record BusinessResponse(Guid Id, string Name, string Category, string? City, DateTimeOffset CreatedAt)
{
    public static BusinessResponse From(Business e) => new(e.Id, e.Name, e.Category, e.City, e.CreatedAt);
}

[ImmutableObject(true)]
public sealed record BusinessCount(long Count);
