namespace BizOSaaS.Hub.Tenancy;

/// <summary>A person who signs in. Belongs to tenants through <see cref="Membership"/>s.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    /// <summary>Lower-case; unique.</summary>
    public required string Email { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>ASP.NET Core Identity's password hash (PBKDF2, versioned format).</summary>
    public required string PasswordHash { get; set; }
    public bool IsPlatformAdmin { get; set; }
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Membership> Memberships { get; set; } = [];

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>A user's place in a tenant. The registry that sign-in reads across tenants, so it is not
/// tenant-owned; tenant admins reach it only through the members API, scoped to their own tenant.</summary>
public sealed class Membership
{
    public Guid UserId { get; set; }
    public UserAccount? User { get; set; }
    public Guid TenantId { get; set; }
    public Tenant? Tenant { get; set; }

    /// <summary><c>tenant_admin</c> or <c>member</c>.</summary>
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
