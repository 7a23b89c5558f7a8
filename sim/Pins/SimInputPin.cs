using DualReader.Hal;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Pins
{
    /// <summary>
    /// An input line driven by a chip model (an IRQ output). Waiting on it runs the virtual clock from one model
    /// event to the next, so the wait ends exactly when the modelled chip changes the line, or at the timeout.
    /// </summary>
    public sealed class SimInputPin : IInputPin
    {
        private readonly VirtualClock clock;
        private bool level;

        /// <inheritdoc />
        public event PinChangedHandler Changed;

        /// <summary>Starts at <paramref name="initialHigh"/>.</summary>
        public SimInputPin(VirtualClock clock, bool initialHigh)
        {
            this.clock = clock;
            level = initialHigh;
        }

        /// <summary>Sets the level (called by the chip model that drives the line).</summary>
        public void Drive(bool high)
        {
            if (high == level)
            {
                return;
            }

            level = high;
            PinChangedHandler handler = Changed;
            if (handler != null)
            {
                handler(this, high);
            }
        }

        /// <inheritdoc />
        public bool Read()
        {
            return level;
        }

        /// <inheritdoc />
        public bool WaitForLevel(bool high, int timeoutMicroseconds)
        {
            long deadline = clock.Now + timeoutMicroseconds;
            while (level != high)
            {
                if (!clock.AdvanceToNextEvent(deadline))
                {
                    return level == high;
                }
            }

            return true;
        }
    }
}
