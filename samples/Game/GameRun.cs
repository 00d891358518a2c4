using System;
using System.Diagnostics;
using NetGen.Optimizers;
using NetGen.Random;
using NetGen.Training;

namespace Samples.Game;

/// <summary>
/// One game: a cart-pole at a fixed 60 frames per second whose agent, a <see cref="PolicyNet"/>, learns online to
/// imitate the scripted expert. Each frame: the agent infers its action from what it observes, the expert's action
/// for the same observation joins the replay buffer (imitation with the learner in control, as in DAgger), the
/// physics advance one fixed step, and the network trains for at most the frame's budget. Everything the frame loop
/// touches is allocated in the constructor.
/// </summary>
internal sealed class GameRun
{
    public const float FrameSeconds = 1f / 60f; // the fixed timestep: simulated time, whatever the wall clock does
    public const int Window = 1000;             // frames per line of the score table
    private const int RespawnFrames = 30;       // after a fall, half a second scores nothing before the next pole
    private const float GustChance = 0.01f;     // per frame: a gust kicks the pole's spin by up to GustStrength
    private const float GustStrength = 1f;      // rad/s

    private readonly PolicyNet _policy;
    private readonly ReplayBuffer _samples;
    private readonly FrameBudgetTrainer _trainer;
    private readonly TimeSpan _budget;
    private readonly float[] _observation = new float[PolicyNet.InputSize];
    private readonly float[] _scores = new float[PolicyNet.OutputSize];
    private CartPole _cart;
    private Rng _world; // starts and gusts
    private int _respawn;

    public GameRun(long seed, double budgetMilliseconds, int frames)
    {
        _policy = new PolicyNet(seed);
        _samples = ReplayBuffer.For(_policy, capacity: 4096);
        _trainer = new FrameBudgetTrainer(_policy, new Adam(learningRate: 0.002f), _samples, PolicyNet.TrainingFlopsPerSample,
            new FrameBudgetOptions { BatchSize = 32, Seed = seed + 1 });
        _budget = TimeSpan.FromMilliseconds(budgetMilliseconds);
        _world = new Rng(seed, stream: 2);
        FrameTicks = new long[frames];
        Windows = new WindowStats[(frames + Window - 1) / Window];
        Reset();
    }

    /// <summary>The work time of each frame played, in <see cref="Stopwatch"/> ticks.</summary>
    public long[] FrameTicks { get; }

    /// <summary>Score, falls, agreement with the expert and training steps per <see cref="Window"/> frames.</summary>
    public WindowStats[] Windows { get; }

    public FrameBudgetTrainer Trainer => _trainer;

    /// <summary>Plays every frame, back to back (headless: no sleep until the next frame is due).</summary>
    public void Play()
    {
        for (int frame = 0; frame < FrameTicks.Length; frame++)
        {
            long start = Stopwatch.GetTimestamp();
            Frame(ref Windows[frame / Window]);
            FrameTicks[frame] = Stopwatch.GetTimestamp() - start;
        }
    }

    private void Frame(ref WindowStats stats)
    {
        if (_respawn > 0)
        {
            if (--_respawn == 0)
            {
                Reset();
            }
        }
        else
        {
            // Infer: the agent acts on what it sees.
            _cart.Observe(_observation);
            _policy.Forward(_observation, _scores, 1);
            bool right = _scores[1] > _scores[0];

            // Observe the teacher: the expert's action for the same situation becomes a training sample.
            bool expert = _cart.ExpertPushesRight();
            _samples.Add(_observation, expert ? 1f : 0f);
            stats.Acted++;
            stats.Agreed += right == expert ? 1 : 0;

            // Simulate one fixed step with the agent's action, and an occasional gust.
            _cart.Step(right, FrameSeconds);
            if (_world.NextFloat() < GustChance)
            {
                _cart.ThetaDot += _world.NextFloat(-GustStrength, GustStrength);
            }
            if (_cart.Balanced)
            {
                stats.Score++;
            }
            else
            {
                stats.Falls++;
                _respawn = RespawnFrames;
            }
        }
        stats.Frames++;

        // Learn: as many mini-batch steps as fit in the training budget.
        stats.Steps += _trainer.TrainFor(_budget).Steps;
    }

    private void Reset()
    {
        _cart = new CartPole
        {
            X = _world.NextFloat(-0.05f, 0.05f),
            XDot = _world.NextFloat(-0.05f, 0.05f),
            Theta = _world.NextFloat(-0.05f, 0.05f),
            ThetaDot = _world.NextFloat(-0.05f, 0.05f),
        };
    }
}

/// <summary>What happened over one window of frames.</summary>
internal struct WindowStats
{
    public int Frames;  // frames played
    public int Score;   // frames that ended with the pole up: the game's score
    public int Falls;   // poles dropped (each costs half a second of respawn)
    public int Acted;   // frames the agent was in play (not respawning)
    public int Agreed;  // of those, frames the agent chose what the expert would have
    public long Steps;  // training steps
}
