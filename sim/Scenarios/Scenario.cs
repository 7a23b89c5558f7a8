using System.Collections;

namespace DualReader.Sim.Scenarios
{
    /// <summary>A scenario (ARCHITECTURE.md, "Scenario file"): how long to run and which devices come and go.</summary>
    public sealed class Scenario
    {
        private readonly ArrayList devices = new ArrayList();
        private readonly ArrayList hostConfiguration = new ArrayList();

        /// <summary>"duration_ms", in µs.</summary>
        public long DurationMicroseconds { get; set; }

        /// <summary>The devices (<see cref="ScenarioDevice"/>) in file order.</summary>
        public ArrayList Devices
        {
            get { return devices; }
        }

        /// <summary>"host": {"config": [...]}: "key=value" strings the simulated host sends at start, as `send config`
        /// would (one configuration message).</summary>
        public ArrayList HostConfiguration
        {
            get { return hostConfiguration; }
        }

        /// <summary>"mfrc522": {"version"}: what the chip's VersionReg reads (-1: the model's default, 0x92).</summary>
        public int ChipVersion { get; set; } = -1;

        /// <summary>"mfrc522": {"self_test"}: the 64 bytes of the chip's digital self-test, or null for the genuine
        /// output of its version.</summary>
        public byte[] ChipSelfTestOutput { get; set; }

        /// <summary>Appends a device.</summary>
        public void AddDevice(ScenarioDevice device)
        {
            devices.Add(device);
        }
    }
}
