using System;

namespace Samples.Game;

/// <summary>
/// The classic cart-pole (Barto, Sutton and Anderson, 1983, with the equations and constants of Gym's
/// <c>CartPole-v1</c>): a pole hinged on a cart that is pushed left or right with a fixed force each step. The game
/// is lost when the pole leans past 12 degrees or the cart leaves the 2.4 m track. A struct with no references:
/// stepping it allocates nothing.
/// </summary>
internal struct CartPole
{
    public const float TrackLimit = 2.4f;                         // m
    public const float AngleLimit = 12f * MathF.PI / 180f;         // rad
    private const float Gravity = 9.8f, CartMass = 1f, PoleMass = 0.1f, HalfLength = 0.5f, Force = 10f;
    private const float TotalMass = CartMass + PoleMass;

    public float X;        // cart position, m
    public float XDot;     // cart velocity, m/s
    public float Theta;    // pole angle from upright, rad
    public float ThetaDot; // pole angular velocity, rad/s

    /// <summary>Advances by <paramref name="dt"/> seconds (semi-implicit Euler, as Gym), pushing right when <paramref name="right"/>.</summary>
    public void Step(bool right, float dt)
    {
        float force = right ? Force : -Force;
        float cos = MathF.Cos(Theta), sin = MathF.Sin(Theta);
        float temp = (force + PoleMass * HalfLength * ThetaDot * ThetaDot * sin) / TotalMass;
        float thetaAcc = (Gravity * sin - cos * temp) / (HalfLength * (4f / 3f - PoleMass * cos * cos / TotalMass));
        float xAcc = temp - PoleMass * HalfLength * thetaAcc * cos / TotalMass;
        X += dt * XDot;
        XDot += dt * xAcc;
        Theta += dt * ThetaDot;
        ThetaDot += dt * thetaAcc;
    }

    /// <summary>Whether the pole is still up and the cart on the track.</summary>
    public readonly bool Balanced => MathF.Abs(X) <= TrackLimit && MathF.Abs(Theta) <= AngleLimit;

    /// <summary>Writes the four observations, each scaled to about [-1, 1] for the network.</summary>
    public readonly void Observe(Span<float> observation)
    {
        observation[0] = X / TrackLimit;
        observation[1] = XDot / 2f;
        observation[2] = Theta / AngleLimit;
        observation[3] = ThetaDot / 2f;
    }

    /// <summary>
    /// The scripted expert the agent imitates: a linear feedback on the state (a bang-bang controller whose gains
    /// weigh the pole's angle and spin most, and the cart's drift a little), which keeps the pole up through the
    /// game's gusts.
    /// </summary>
    public readonly bool ExpertPushesRight() => 0.1f * X + 0.3f * XDot + 3f * Theta + 0.5f * ThetaDot > 0f;
}
