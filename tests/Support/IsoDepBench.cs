using DualReader.Firmware.IsoDep;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Tests.Support
{
    /// <summary>A reader-side ISO-DEP transport wired straight to a virtual card (no chip model), for tests.</summary>
    public sealed class IsoDepBench
    {
        /// <summary>Builds the bench around <paramref name="device"/>.</summary>
        public IsoDepBench(ScenarioDevice device) : this(device, VirtualIsoDepCard.FromScenario(device))
        {
        }

        /// <summary>Builds the bench around a given card for <paramref name="device"/>.</summary>
        public IsoDepBench(ScenarioDevice device, VirtualIsoDepCard card)
        {
            Device = device;
            Clock = new VirtualClock();
            Ledger = new CostLedger();
            Card = card;
            Card.Reset();
            Link = new DirectFrameLink(Clock, Ledger, Card);
            Transport = new IsoDepTransport(Link, Clock);
        }

        /// <summary>The scenario device.</summary>
        public ScenarioDevice Device { get; private set; }

        /// <summary>Virtual time.</summary>
        public VirtualClock Clock { get; private set; }

        /// <summary>Costs.</summary>
        public CostLedger Ledger { get; private set; }

        /// <summary>The card side.</summary>
        public VirtualIsoDepCard Card { get; private set; }

        /// <summary>The frame link (fault hooks, frame log).</summary>
        public DirectFrameLink Link { get; private set; }

        /// <summary>The reader side under test.</summary>
        public IsoDepTransport Transport { get; private set; }

        /// <summary>The reader's frames on air (with CRC) as upper-case hex, in order.</summary>
        public string[] ReaderFrames()
        {
            int count = 0;
            for (int i = 0; i < Link.Frames.Count; i++)
            {
                if (((LinkFrame)Link.Frames[i]).FromReader)
                {
                    count++;
                }
            }

            string[] result = new string[count];
            int index = 0;
            for (int i = 0; i < Link.Frames.Count; i++)
            {
                LinkFrame frame = (LinkFrame)Link.Frames[i];
                if (frame.FromReader)
                {
                    result[index++] = SampleCards.Hex(frame.BytesWithCrc);
                }
            }

            return result;
        }

        /// <summary>All frames as "PCD xx.." / "PICC xx.." lines (for failure messages).</summary>
        public string Dump()
        {
            string text = "";
            for (int i = 0; i < Link.Frames.Count; i++)
            {
                LinkFrame frame = (LinkFrame)Link.Frames[i];
                text += (frame.FromReader ? "PCD  " : "PICC ") + SampleCards.Hex(frame.BytesWithCrc) + "\n";
            }

            return text;
        }
    }
}
