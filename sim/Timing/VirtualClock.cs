using System;
using System.Collections;
using DualReader.Hal;

namespace DualReader.Sim.Timing
{
    /// <summary>
    /// The simulation's monotonic clock. It advances only when something costs time (an SPI transfer, a delay,
    /// a wait for a modelled event), so every run of the same scenario gives the same times.
    /// </summary>
    public sealed class VirtualClock : IClock
    {
        /// <summary>"No event pending".</summary>
        public const long Never = long.MaxValue;

        private const int MaximumEventsAtOneInstant = 10000;

        private readonly ArrayList models = new ArrayList();
        private long now;

        /// <summary>Current virtual time in microseconds.</summary>
        public long Now
        {
            get { return now; }
        }

        /// <summary>Registers a model to be run at its own event times.</summary>
        public void Register(ITimedModel model)
        {
            if (model == null)
            {
                throw new ArgumentNullException("model");
            }

            models.Add(model);
            model.AdvanceTo(now);
        }

        /// <inheritdoc />
        public long GetMicroseconds()
        {
            return now;
        }

        /// <inheritdoc />
        public void Delay(int microseconds)
        {
            if (microseconds < 0)
            {
                throw new ArgumentOutOfRangeException("microseconds");
            }

            AdvanceTo(now + microseconds);
        }

        /// <summary>Lets <paramref name="microseconds"/> pass (a modelled cost).</summary>
        public void Advance(long microseconds)
        {
            if (microseconds < 0)
            {
                throw new ArgumentOutOfRangeException("microseconds");
            }

            AdvanceTo(now + microseconds);
        }

        /// <summary>The earliest pending model event, or <see cref="Never"/>.</summary>
        public long NextEventMicroseconds()
        {
            long next = Never;
            for (int i = 0; i < models.Count; i++)
            {
                long candidate = ((ITimedModel)models[i]).NextEventMicroseconds;
                if (candidate < next)
                {
                    next = candidate;
                }
            }

            return next;
        }

        /// <summary>
        /// Moves time forward to <paramref name="target"/>, running every model event that falls on the way in
        /// time order.
        /// </summary>
        public void AdvanceTo(long target)
        {
            if (target < now)
            {
                return;
            }

            // A model must move its next event past the time it was run at; this bound turns a model bug into an
            // error instead of a hang.
            int eventsAtSameTime = 0;
            while (true)
            {
                long next = NextEventMicroseconds();
                if (next > target)
                {
                    break;
                }

                if (next > now)
                {
                    now = next;
                    eventsAtSameTime = 0;
                }
                else if (++eventsAtSameTime > MaximumEventsAtOneInstant)
                {
                    throw new InvalidOperationException("a simulated model keeps scheduling events at the same instant");
                }

                RunModelsAt(now);
            }

            // A model may run firmware of its own (a virtual RF-SIM peer) whose costs advance the clock from inside
            // this loop; time never goes backwards, so a nested advance past the target stands.
            if (target > now)
            {
                now = target;
            }

            RunModelsAt(now);
        }

        /// <summary>
        /// Advances to the next model event but not past <paramref name="deadline"/>; the building block of every
        /// simulated wait.
        /// </summary>
        /// <returns>False when the deadline was reached with no event before it.</returns>
        public bool AdvanceToNextEvent(long deadline)
        {
            long next = NextEventMicroseconds();
            if (next > deadline)
            {
                AdvanceTo(deadline);
                return false;
            }

            AdvanceTo(next > now ? next : now);
            return true;
        }

        private void RunModelsAt(long time)
        {
            for (int i = 0; i < models.Count; i++)
            {
                ITimedModel model = (ITimedModel)models[i];
                if (model.NextEventMicroseconds <= time)
                {
                    model.AdvanceTo(time);
                }
            }
        }
    }
}
