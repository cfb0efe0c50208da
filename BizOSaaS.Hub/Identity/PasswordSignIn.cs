using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Hub.Identity;

public sealed class SignInLockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

public enum SignInResultKind
{
    Succeeded,
    Failed,
    LockedOut,
}

public sealed record PasswordCheck(SignInResultKind Kind, UserAccount? User)
{
    public string Message => Kind switch
    {
        SignInResultKind.LockedOut => "This account is locked after too many failed sign-ins. Try again later.",
        SignInResultKind.Failed => "The email or password is not right.",
        _ => "Signed in.",
    };
}

/// <summary>Checks a password with ASP.NET Core Identity's hasher, counting failures and locking the
/// account after <see cref="SignInLockoutOptions.MaxFailedAttempts"/> of them. Every outcome is audited.</summary>
public sealed class PasswordSignIn(HubDb db, AuditLog audit, IPasswordHasher<UserAccount> hasher, IOptions<SignInLockoutOptions> lockout, TimeProvider clock)
{
    public async Task<PasswordCheck> CheckAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var normalized = UserAccount.Normalize(email ?? "");
        var user = await db.Users.Include(u => u.Memberships).FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            await audit.RecordAsync(null, AuditEventTypes.SignInFailed, $"Unknown account {Truncate(normalized)}", cancellationToken: cancellationToken);
            return new PasswordCheck(SignInResultKind.Failed, null);
        }

        var homeTenant = user.Memberships.OrderBy(m => m.CreatedAt).FirstOrDefault()?.TenantId;
        if (user.LockedUntil > now)
        {
            await audit.RecordAsync(homeTenant, AuditEventTypes.SignInFailed, "Sign-in attempt while locked out", user, user, cancellationToken);
            return new PasswordCheck(SignInResultKind.LockedOut, user);
        }

        var verification = string.IsNullOrEmpty(password)
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= lockout.Value.MaxFailedAttempts)
            {
                user.FailedSignIns = 0;
                user.LockedUntil = now + lockout.Value.Duration;
                await audit.RecordAsync(homeTenant, AuditEventTypes.LockedOut,
                    $"Locked until {user.LockedUntil:u} after {lockout.Value.MaxFailedAttempts} failed sign-ins", user, user, cancellationToken);
                return new PasswordCheck(SignInResultKind.LockedOut, user);
            }
            await audit.RecordAsync(homeTenant, AuditEventTypes.SignInFailed, "Wrong password", user, user, cancellationToken);
            return new PasswordCheck(SignInResultKind.Failed, user);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password!);
        }
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return new PasswordCheck(SignInResultKind.Succeeded, user);
    }

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100];
}
