using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Tests.Unit;

public sealed class TokenValidatorTests
{
    private sealed class Keys(SecurityKey key) : ISigningKeySource
    {
        public SecurityKey Key { get; set; } = key;

        public ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<SecurityKey>>([Key]);

        public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static string Token(SecurityKey key, DateTime expires, string party = "PARTY_CUSTOMER", params string[] roles) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = SupportClaims.Issuer,
        Audience = SupportClaims.Audience,
        IssuedAt = expires.AddMinutes(-15),
        NotBefore = expires.AddMinutes(-15),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        Claims = new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["org"] = Guid.NewGuid().ToString(),
            ["party"] = party,
            ["kind"] = "person",
            ["role"] = roles.Length > 0 ? roles : new[] { "ROLE_L1_AGENT" },
        },
    });

    [Fact]
    public async Task PartyAndRoleClaims_AreTheContractsEnumValueNames()
    {
        using var rsa = RSA.Create(2048);
        var keys = new Keys(new RsaSecurityKey(rsa) { KeyId = "k1" });
        var validator = new TokenValidator(keys, TimeProvider.System);

        var caller = await validator.ValidateAsync(Token(keys.Key, DateTime.UtcNow.AddMinutes(10), "PARTY_CUSTOMER", "ROLE_L1_AGENT", "ROLE_CUSTOMER_ADMIN"), CancellationToken.None);
        Assert.Equal("CUSTOMER", caller!.Party);
        Assert.Equal([Roles.CustomerAdmin, Roles.L1Agent], caller.Roles.Order());

        // Short names (the claims before the contract named them after the enums) grant nothing.
        var unprefixed = await validator.ValidateAsync(Token(keys.Key, DateTime.UtcNow.AddMinutes(10), "CUSTOMER", "L1_AGENT"), CancellationToken.None);
        Assert.Equal(("", 0), (unprefixed!.Party, unprefixed.Roles.Count));
        Assert.Equal(("ROLE_L1_AGENT", "PARTY_VENDOR"), (SupportClaims.RoleValue(Roles.L1Agent), SupportClaims.PartyValue("VENDOR")));
    }

    [Fact]
    public async Task AValidatedToken_IsRemembered_WhileItsKeyIsPublished()
    {
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var keys = new Keys(new RsaSecurityKey(rsa) { KeyId = "k1" });
        var validator = new TokenValidator(keys, TimeProvider.System);
        var token = Token(keys.Key, DateTime.UtcNow.AddMinutes(10));

        var caller = await validator.ValidateAsync(token, CancellationToken.None);
        Assert.NotNull(caller);

        // Same key id, other key material: only a remembered answer can still accept the token,
        // a fresh validation would fail on the signature.
        keys.Key = new RsaSecurityKey(other) { KeyId = "k1" };
        Assert.Same(caller, await validator.ValidateAsync(token, CancellationToken.None));
        // Found as well from a slice of the request's header, as the rate limiter's resolution passes it.
        var header = $"Bearer {token}";
        Assert.Same(caller, await validator.ValidateAsync(header.AsMemory("Bearer ".Length), CancellationToken.None));

        // The key is no longer published: the token is validated again, and fails.
        keys.Key = new RsaSecurityKey(other) { KeyId = "k2" };
        Assert.Null(await validator.ValidateAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task ForgedOrExpiredTokens_AreRefused()
    {
        using var rsa = RSA.Create(2048);
        using var forger = RSA.Create(2048);
        var keys = new Keys(new RsaSecurityKey(rsa) { KeyId = "k1" });
        var validator = new TokenValidator(keys, TimeProvider.System);

        Assert.Null(await validator.ValidateAsync(Token(new RsaSecurityKey(forger) { KeyId = "k1" }, DateTime.UtcNow.AddMinutes(10)), CancellationToken.None));
        Assert.Null(await validator.ValidateAsync(Token(keys.Key, DateTime.UtcNow.AddMinutes(-5)), CancellationToken.None));
    }

    [Fact]
    public async Task ALifetime_IsJudgedByTheServicesClock_WithTheClockSkewEitherSide()
    {
        using var rsa = RSA.Create(2048);
        var keys = new Keys(new RsaSecurityKey(rsa) { KeyId = "k1" });
        var issued = DateTimeOffset.UtcNow;
        var expires = issued.UtcDateTime.AddMinutes(15);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(issued.AddMinutes(-20));
        var validator = new TokenValidator(keys, clock);

        // Twenty minutes before it was issued (by the service's clock) it is not yet valid ...
        Assert.Null(await validator.ValidateAsync(Token(keys.Key, expires), CancellationToken.None));
        // ... from issuance (less the skew) until expiry (plus the skew) it is ...
        clock.SetUtcNow(issued.AddSeconds(-20));
        Assert.NotNull(await validator.ValidateAsync(Token(keys.Key, expires), CancellationToken.None));
        clock.SetUtcNow(new DateTimeOffset(expires, TimeSpan.Zero).AddSeconds(20));
        Assert.NotNull(await validator.ValidateAsync(Token(keys.Key, expires), CancellationToken.None));
        // ... and afterwards it is not, however the machine's clock reads.
        clock.SetUtcNow(new DateTimeOffset(expires, TimeSpan.Zero).AddMinutes(1));
        Assert.Null(await validator.ValidateAsync(Token(keys.Key, expires), CancellationToken.None));
    }
}
