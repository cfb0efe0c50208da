namespace BizOSaaS.Hub.Identity;

/// <summary>An RSA key of the OpenID Connect server, kept in hubdb so tokens outlive restarts and every
/// hub replica signs with the same key.</summary>
public sealed class IdentityKey
{
    public const string Signing = "signing";
    public const string Encryption = "encryption";

    public Guid Id { get; set; }

    /// <summary><see cref="Signing"/> or <see cref="Encryption"/>; one key each.</summary>
    public required string Purpose { get; set; }
    public required string KeyId { get; set; }

    /// <summary>PKCS#8, base64. Wrapping with a master key arrives with the key-management work.</summary>
    public required string PrivateKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
