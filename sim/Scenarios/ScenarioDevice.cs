using System.Collections;

namespace DualReader.Sim.Scenarios
{
    /// <summary>
    /// One device of a scenario (ARCHITECTURE.md, "Scenario file"): when it is in the field, how it identifies itself
    /// and how it answers APDUs. The PC tool fills it from JSON; device builds construct it in code.
    /// </summary>
    public sealed class ScenarioDevice
    {
        private readonly ArrayList apdus = new ArrayList();

        /// <summary>"interface".</summary>
        public DeviceInterface Interface { get; set; }

        /// <summary>"arrive_ms", in µs of scenario time.</summary>
        public long ArriveMicroseconds { get; set; }

        /// <summary>"leave_ms", in µs of scenario time (<see cref="long.MaxValue"/>: stays).</summary>
        public long LeaveMicroseconds { get; set; } = long.MaxValue;

        /// <summary>"uid": 4, 7 or 10 bytes for nfc; the peer's identity for rfsim.</summary>
        public byte[] Uid { get; set; }

        /// <summary>"atqa", as sent on air (LSB first: "0400" is 04 00).</summary>
        public byte[] Atqa { get; set; }

        /// <summary>"sak" of the last cascade level.</summary>
        public byte Sak { get; set; }

        /// <summary>"ats" including TL; null when the device is not ISO-DEP (plain Type A).</summary>
        public byte[] Ats { get; set; }

        /// <summary>"near": rfsim signal strong enough for the proximity gate (RPD set).</summary>
        public bool Near { get; set; } = true;

        /// <summary>"mifare_classic": the device is a MIFARE Classic card (null: it is not).</summary>
        public ScenarioMifareClassic MifareClassic { get; set; }

        /// <summary>"ntag": the device is an NTAG21x or MIFARE Ultralight tag (null: it is not).</summary>
        public ScenarioNtag Ntag { get; set; }

        /// <summary>"default_response" for commands no rule matches.</summary>
        public byte[] DefaultResponse { get; set; } = new byte[] { 0x6D, 0x00 };

        /// <summary>The "apdus" rules in file order (<see cref="ApduRule"/>).</summary>
        public ArrayList Apdus
        {
            get { return apdus; }
        }

        /// <summary>Appends a rule.</summary>
        public void AddApdu(ApduRule rule)
        {
            apdus.Add(rule);
        }

        /// <summary>True when the device is in the field at <paramref name="microseconds"/> of scenario time.</summary>
        public bool IsPresentAt(long microseconds)
        {
            return microseconds >= ArriveMicroseconds && microseconds < LeaveMicroseconds;
        }
    }
}
