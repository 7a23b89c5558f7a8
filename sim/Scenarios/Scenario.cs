using System.Collections;

namespace DualReader.Sim.Scenarios
{
    /// <summary>A scenario (ARCHITECTURE.md, "Scenario file"): how long to run and which devices come and go.</summary>
    public sealed class Scenario
    {
        private readonly ArrayList devices = new ArrayList();

        /// <summary>"duration_ms", in µs.</summary>
        public long DurationMicroseconds { get; set; }

        /// <summary>The devices (<see cref="ScenarioDevice"/>) in file order.</summary>
        public ArrayList Devices
        {
            get { return devices; }
        }

        /// <summary>Appends a device.</summary>
        public void AddDevice(ScenarioDevice device)
        {
            devices.Add(device);
        }
    }
}
