using Provenant.Training.Data;

namespace Provenant.Training.Tests;

public class BatchScheduleTests
{
    [Fact]
    public void GoingBackAndForthBetweenEpochsGivesTheBatchesOfAFreshSchedule()
    {
        var records = Enumerable.Range(0, 50).ToArray();
        var walked = new BatchSchedule(records, batchSize: 8, epochs: 3, seed: 77);
        // an audit's order: the whole run, then sampled steps of epochs 0, 2, 0, 1, 1, 2
        var steps = Enumerable.Range(0, (int)walked.TotalSteps).Concat([0, 5, 14, 2, 7, 8, 20, 20, 19]).ToArray();
        foreach (var step in steps)
        {
            var fresh = new BatchSchedule(records, batchSize: 8, epochs: 3, seed: 77);
            Assert.Equal(fresh.Batch(step), walked.Batch(step));
        }
        // the epochs really are shuffled differently (otherwise the check above proves little)
        Assert.NotEqual(walked.Batch(0), walked.Batch(walked.StepsPerEpoch));
    }
}
