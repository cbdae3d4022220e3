namespace SupportPlatform.BuildingBlocks.Responsibility;

/// <summary>Well-known task ids of the RASCI matrix that services act on.</summary>
public static class MatrixTasks
{
    public const string SubmittingCases = "submitting-cases";
    public const string PrimeContactForEndUsers = "prime-contact-end-users";
    public const string L2L3Support = "l2-l3-support";
    public const string RcaVendorCaused = "rca-p1-vendor-caused";
    public const string RcaOtherCauses = "rca-p1-other-causes";
    public const string SupportedVersionUpgrades = "supported-version-upgrades";
}
