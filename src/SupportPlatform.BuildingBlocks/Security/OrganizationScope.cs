using SupportPlatform.BuildingBlocks.Grpc;

namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// The organisation a listing, watch or report covers — one rule for every service: vendor staff
/// get the organisation they ask for (null: all); a customer always gets its own, and naming
/// another organisation is NOT_FOUND, the answer for any object of another organisation (it
/// neither confirms that the organisation exists nor quietly answers with something else than
/// was asked).
/// </summary>
public static class OrganizationScope
{
    public static Guid? For(Caller caller, Guid? asked, string askedText)
    {
        if (caller.IsVendor)
        {
            return asked;
        }
        if (asked is { } other && other != caller.OrganizationId)
        {
            throw new NotFoundException("organization", askedText);
        }
        return caller.OrganizationId;
    }
}
