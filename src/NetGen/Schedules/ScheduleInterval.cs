namespace NetGen.Schedules;

/// <summary>When a trainer calls <see cref="LearningRateSchedule.Step"/>, and so what one schedule step means.</summary>
public enum ScheduleInterval
{
    /// <summary>After each epoch (PyTorch's usual <c>scheduler.step()</c> at the end of the epoch loop).</summary>
    Epoch,

    /// <summary>After each optimizer step, that is after each mini-batch (as <c>OneCycleLR</c> expects).</summary>
    Batch,
}
