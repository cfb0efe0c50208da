using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Server;

namespace BizOSaaS.Hub.Identity;

/// <summary>
/// Gives the OpenID Connect server its signing and encryption keys from hubdb, creating them on first use.
/// Replicas racing to create one both end up with the row that won.
/// </summary>
public sealed class PersistedIdentityKeys(IConfiguration configuration) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built on the first token request, after migrations ran; the call is synchronous by contract.
        using var connection = new NpgsqlConnection(configuration.GetConnectionString("hubdb"));
        connection.Open();
        var signing = LoadOrCreate(connection, IdentityKey.Signing);
        var encryption = LoadOrCreate(connection, IdentityKey.Encryption);
        options.SigningCredentials.Add(new SigningCredentials(signing, SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static RsaSecurityKey LoadOrCreate(NpgsqlConnection connection, string purpose)
    {
        // Generating an RSA key takes a while: only when there is none yet.
        if (Load(connection, purpose) is { } stored)
        {
            return stored;
        }
        using (var insert = new NpgsqlCommand(
            "INSERT INTO identity_keys (id, purpose, key_id, private_key, created_at) VALUES ($1, $2, $3, $4, now()) ON CONFLICT (purpose) DO NOTHING",
            connection))
        {
            using var rsa = RSA.Create(2048);
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new NpgsqlParameter { Value = purpose });
            insert.Parameters.Add(new NpgsqlParameter { Value = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()) });
            insert.ExecuteNonQuery();
        }
        // Whichever replica's insert won.
        return Load(connection, purpose)!;
    }

    private static RsaSecurityKey? Load(NpgsqlConnection connection, string purpose)
    {
        using var select = new NpgsqlCommand("SELECT key_id, private_key FROM identity_keys WHERE purpose = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = purpose });
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var key = RSA.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(reader.GetString(1)), out _);
        return new RsaSecurityKey(key) { KeyId = reader.GetString(0) };
    }
}
