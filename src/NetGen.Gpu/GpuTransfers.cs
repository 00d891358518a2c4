namespace NetGen.Gpu;

/// <summary>
/// How many times a GPU network copied each kind of data between the host and the device since it was created: to
/// check that a training loop keeps its arenas on the device, or to see what reading the host views costs.
/// </summary>
/// <param name="ParameterUploads">Copies of the parameter arena to the device (its host copy was newer, or <see cref="GpuNetwork{TLoss}.UploadParameters"/>).</param>
/// <param name="ParameterDownloads">Copies of the parameter arena to the host (a getter found it stale, or <see cref="GpuNetwork{TLoss}.DownloadParameters"/>).</param>
/// <param name="GradientUploads">Copies of the gradient arena to the device (an accumulating pass after the host copy was read).</param>
/// <param name="GradientDownloads">Copies of the gradient arena to the host.</param>
/// <param name="OutputDownloads">Copies of the output (batch x outputs) to the host, for <see cref="GpuNetwork{TLoss}.LastOutput"/>.</param>
/// <param name="OptimizerStateUploads">Copies of optimizer state tensors to the device (their host copy was newer).</param>
/// <param name="OptimizerStateDownloads">Copies of optimizer state tensors to the host (read, loaded or stepped there).</param>
public readonly record struct GpuTransfers(
    long ParameterUploads,
    long ParameterDownloads,
    long GradientUploads,
    long GradientDownloads,
    long OutputDownloads,
    long OptimizerStateUploads,
    long OptimizerStateDownloads);
