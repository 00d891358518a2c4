using NetGen.Random;

namespace NetGen.Training;

/// <summary>Where a <see cref="Trainer.Fit"/> run is: everything a checkpoint needs to resume it exactly.</summary>
internal struct RunState
{
    public bool InProgress;     // a run started and not finished: the next Fit resumes it
    public bool Stopped;        // early stopping ended the run
    public bool OrderStale;     // restored mid-epoch: rebuild the epoch's order from EpochStart
    public int Epoch;           // epochs completed in this run
    public int Batch;           // mini-batches completed in the current epoch
    public RngState EpochStart; // the shuffle generator before this epoch's shuffle
    public double LossSum;      // this epoch so far: sum of loss x batch
    public long Correct;        // this epoch so far: correct predictions
    public long Seen;           // this epoch so far: samples
    public int Pending;         // mini-batches whose gradients wait for the next update (accumulation)
    public double Best;         // early stopping: the best monitored value so far
    public int BadEpochs;       // early stopping: epochs since it improved
    public int BestEpoch;       // early stopping: the epoch of the best value (0: none yet)

    public static RunState Start() => new() { InProgress = true, Best = double.NaN };
}
