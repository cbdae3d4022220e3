using SupportPlatform.BuildingBlocks;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Wakes the case-change streams (WatchCases) of this replica when a change commits; streams
/// also poll, for changes committed by other replicas.
/// </summary>
public sealed class CaseChangeSignal : ChangeBroadcast;
