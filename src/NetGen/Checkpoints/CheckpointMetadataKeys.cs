namespace NetGen.Checkpoints;

/// <summary>The <c>__metadata__</c> keys <see cref="Checkpoint.Save"/> writes; extras may not reuse them.</summary>
public static class CheckpointMetadataKeys
{
    /// <summary><c>format</c>: always <c>pt</c>, which tells Hugging Face tools the tensors follow PyTorch's conventions.</summary>
    public const string Format = "format";

    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatValue = "pt";

    /// <summary><c>netgen.version</c>: the informational version of the NetGen runtime that wrote the file.</summary>
    public const string Version = "netgen.version";

    /// <summary><c>netgen.architecture</c>: the network's <see cref="INetwork.ArchitectureHash"/>.</summary>
    public const string Architecture = "netgen.architecture";

    /// <summary><c>netgen.network</c>: the full name of the network's class.</summary>
    public const string Network = "netgen.network";

    /// <summary><c>netgen.random_seed</c>: <see cref="NetworkRandomState.Seed"/>, in decimal.</summary>
    public const string RandomSeed = "netgen.random_seed";

    /// <summary><c>netgen.random_step</c>: <see cref="NetworkRandomState.Step"/>, in decimal.</summary>
    public const string RandomStep = "netgen.random_step";

    /// <summary>
    /// <c>netgen.data_sha256</c>: the SHA-256 of the data section (every byte after the header), 64 lower-case hex
    /// digits. Every read of a file that has it verifies it; files without it (from other tools) load unverified.
    /// </summary>
    public const string DataSha256 = "netgen.data_sha256";

    /// <summary>Whether <paramref name="key"/> is one of the keys above, which <see cref="Checkpoint.Save"/> owns.</summary>
    public static bool IsReserved(string key) =>
        key is Format or Version or Architecture or Network or RandomSeed or RandomStep or DataSha256;
}
