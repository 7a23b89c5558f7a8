using DualReader.Hal;

namespace DualReader.Sim.Pins
{
    /// <summary>Called when the firmware drives a simulated output line (reset, chip enable).</summary>
    public delegate void OutputChangedHandler(bool high);

    /// <summary>An output line driven by the firmware and watched by a chip model.</summary>
    public sealed class SimOutputPin : IOutputPin
    {
        private bool level;

        /// <summary>Raised when the firmware changes the level.</summary>
        public event OutputChangedHandler Changed;

        /// <summary>Starts at <paramref name="initialHigh"/>.</summary>
        public SimOutputPin(bool initialHigh)
        {
            level = initialHigh;
        }

        /// <summary>The level last driven.</summary>
        public bool Level
        {
            get { return level; }
        }

        /// <inheritdoc />
        public void Write(bool high)
        {
            if (high == level)
            {
                return;
            }

            level = high;
            OutputChangedHandler handler = Changed;
            if (handler != null)
            {
                handler(high);
            }
        }
    }
}
