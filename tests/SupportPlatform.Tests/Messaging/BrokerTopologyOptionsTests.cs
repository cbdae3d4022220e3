using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Tests.Messaging;

/// <summary>Messaging:ClusterNodes: every node as host:port, or a start-up error that says what is wrong.</summary>
public sealed class BrokerTopologyOptionsTests
{
    [Fact]
    public void ClusterNodes_AreReadInOrder_WithTheirPorts()
    {
        var nodes = new BrokerTopologyOptions { ClusterNodes = "rabbit-1:5672, rabbit-2:5673 ,10.0.0.3:5674" }.Nodes();

        Assert.Equal([("rabbit-1", 5672), ("rabbit-2", 5673), ("10.0.0.3", 5674)], nodes.Select(node => (node.HostName, node.Port)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void NoClusterNodes_MeanTheConnectionStringsHostAlone(string? setting) =>
        Assert.Empty(new BrokerTopologyOptions { ClusterNodes = setting }.Nodes());

    [Theory]
    [InlineData("rabbit-1")]
    [InlineData("rabbit-1:")]
    [InlineData(":5672")]
    [InlineData("rabbit-1:0")]
    [InlineData("rabbit-1:70000")]
    [InlineData("rabbit-1:56x2")]
    public void ANodeWithoutAValidPort_IsRefused_NamingIt(string node)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new BrokerTopologyOptions { ClusterNodes = $"rabbit-0:5672,{node}" }.Nodes());

        Assert.Contains($"'{node}'", refused.Message);
        Assert.Contains("host:port", refused.Message);
    }
}
