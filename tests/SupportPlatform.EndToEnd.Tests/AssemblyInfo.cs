// Each test boots the whole AppHost (broker, mail server, six processes): one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
