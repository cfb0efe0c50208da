using System.Security.Cryptography;
using System.Text;

namespace BizOSaaS.Directory.Reviews;

public static class ReviewMapping
{
    public static ReviewResponse ToResponse(this ListingReview r) =>
        new(r.Id, r.ListingId, r.Rating, r.Text, r.ReviewerName, r.Status, r.Reports, r.CreatedAt, r.EditedAt);
}

/// <summary>The key a reviewer edits their review with: 160 random bits, shown once; the database keeps its SHA-256.</summary>
public static class ReviewEditKeys
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));

    public static bool Matches(string key, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key), hash);
}
