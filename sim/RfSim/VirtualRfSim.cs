using System;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nrf24;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;
using DualReader.Hal;

namespace DualReader.Sim.RfSim
{
    /// <summary>
    /// A virtual RF-SIM: the firmware's own <see cref="RfSimPeer"/> behind a simulated nRF24L01+ on the shared air,
    /// driven by a scenario device ("interface": "rfsim"): it arrives and leaves at the scenario's times, answers
    /// with the scenario's APDU rules, and is near or far as "near" says.
    /// </summary>
    /// <remarks>
    /// The peer firmware runs event-driven: the clock runs it (<see cref="ITimedModel"/>) shortly after its IRQ line
    /// falls and at its session deadlines. Its SPI costs and the applet's processing time advance the same clock
    /// from inside that step, so the reader's radio keeps working meanwhile but the reader's own code sees the time
    /// pass in one piece (a conservative, serialised timing). Its SPI frames go to its own ledger, not the reader's.
    /// </remarks>
    public sealed class VirtualRfSim : ITimedModel
    {
        /// <summary>Delay from the IRQ edge to the peer code running (GPIO event through the nanoFramework event queue).</summary>
        public const int InterruptLatencyMicroseconds = 50;

        private readonly ScenarioDevice device;
        private readonly VirtualClock clock;
        private readonly AirMedium medium;
        private long pendingStep = VirtualClock.Never;
        private bool arrived;
        private bool gone;
        private bool stepping;

        /// <summary>
        /// Builds the RF-SIM of <paramref name="device"/>; <paramref name="scenarioStartMicroseconds"/> is the clock time
        /// of scenario time 0. Registers itself with <paramref name="clock"/>.
        /// </summary>
        public VirtualRfSim(ScenarioDevice device, VirtualClock clock, AirMedium medium, CostModel costs, byte[] preSharedKey, long scenarioStartMicroseconds)
            : this(device, clock, medium, costs, preSharedKey, scenarioStartMicroseconds, null)
        {
        }

        /// <summary>
        /// As above, but answering with <paramref name="applet"/> (an in-code applet such as
        /// <see cref="DemoPaymentApplet"/>) instead of the device's "apdus" rules; null means the rules.
        /// </summary>
        public VirtualRfSim(ScenarioDevice device, VirtualClock clock, AirMedium medium, CostModel costs, byte[] preSharedKey, long scenarioStartMicroseconds, IRfSimApplet applet)
            : this(device, clock, medium, costs, preSharedKey, scenarioStartMicroseconds, applet, null)
        {
        }

        /// <summary>
        /// As above, drawing the peer's nonces, session ids and slots from <paramref name="nonces"/> (null: a source
        /// seeded from the device's uid), e.g. to reproduce the worked examples of PROTOCOL.md.
        /// </summary>
        public VirtualRfSim(ScenarioDevice device, VirtualClock clock, AirMedium medium, CostModel costs, byte[] preSharedKey, long scenarioStartMicroseconds, IRfSimApplet applet, IRandomSource nonces)
        {
            if (device == null || clock == null || medium == null || costs == null)
            {
                throw new ArgumentNullException(device == null ? "device" : clock == null ? "clock" : medium == null ? "medium" : "costs");
            }

            this.device = device;
            this.clock = clock;
            this.medium = medium;
            ScenarioStartMicroseconds = scenarioStartMicroseconds;
            PeerLedger = new CostLedger();
            Radio = new SimulatedNrf24(clock, medium, costs, PeerLedger);
            Radio.Model.Near = device.Near;
            medium.Detach(Radio.Model);
            Radio.Irq.Changed += OnIrqChanged;
            IRfSimApplet served = applet != null ? applet : new ResponderApplet(new ScenarioApduResponder(device), clock, medium.Ledger);
            Peer = new RfSimPeer(Radio.Driver, clock, served, preSharedKey, nonces != null ? nonces : new SeededRandomSource(Seed(device.Uid)));

            // The simulated peer's own code costs are already on the clock: it asks for no extra spacing.
            Peer.TurnaroundMicroseconds = 0;
            clock.Register(this);
        }

        /// <summary>Clock time of scenario time 0.</summary>
        public long ScenarioStartMicroseconds { get; private set; }

        /// <summary>The peer firmware.</summary>
        public RfSimPeer Peer { get; private set; }

        /// <summary>The peer's simulated radio.</summary>
        public SimulatedNrf24 Radio { get; private set; }

        /// <summary>The peer's own SPI costs (kept apart from the reader's).</summary>
        public CostLedger PeerLedger { get; private set; }

        /// <summary>True between arrival and departure.</summary>
        public bool Present
        {
            get { return arrived && !gone; }
        }

        /// <inheritdoc />
        public long NextEventMicroseconds
        {
            get
            {
                if (gone || stepping)
                {
                    // While the peer's own code runs (its SPI costs and the applet's processing advance the clock
                    // from inside the step) it has no event to be woken for: a session deadline passing meanwhile is
                    // handled once the step returns. Reporting it here would have the clock call a model that
                    // cannot run, at the same instant, over and over.
                    return VirtualClock.Never;
                }

                if (!arrived)
                {
                    return ScenarioStartMicroseconds + device.ArriveMicroseconds;
                }

                long next = pendingStep;
                long leave = device.LeaveMicroseconds == long.MaxValue ? VirtualClock.Never : ScenarioStartMicroseconds + device.LeaveMicroseconds;
                if (leave < next)
                {
                    next = leave;
                }

                long deadline = Peer.NextDeadlineMicroseconds;
                if (deadline < next)
                {
                    next = deadline;
                }

                return next;
            }
        }

        /// <inheritdoc />
        public void AdvanceTo(long nowMicroseconds)
        {
            if (stepping || gone)
            {
                return;
            }

            stepping = true;
            try
            {
                long scenarioTime = nowMicroseconds - ScenarioStartMicroseconds;
                if (!arrived && scenarioTime >= device.ArriveMicroseconds)
                {
                    arrived = true;
                    medium.Attach(Radio.Model);
                    Peer.Start();
                }

                if (arrived && device.LeaveMicroseconds != long.MaxValue && clock.Now - ScenarioStartMicroseconds >= device.LeaveMicroseconds)
                {
                    // Gone mid-whatever: the radio simply disappears from the air.
                    gone = true;
                    medium.Detach(Radio.Model);
                    pendingStep = VirtualClock.Never;
                    return;
                }

                if (arrived && (nowMicroseconds >= pendingStep || nowMicroseconds >= Peer.NextDeadlineMicroseconds))
                {
                    pendingStep = VirtualClock.Never;
                    Peer.Poll();
                    if (!Radio.Irq.Read())
                    {
                        pendingStep = clock.Now + InterruptLatencyMicroseconds;
                    }
                }
            }
            finally
            {
                stepping = false;
            }
        }

        private void OnIrqChanged(Hal.IInputPin pin, bool high)
        {
            if (!high && pendingStep == VirtualClock.Never)
            {
                pendingStep = clock.Now + InterruptLatencyMicroseconds;
            }
        }

        private static uint Seed(byte[] uid)
        {
            uint seed = 0x811C9DC5;
            if (uid != null)
            {
                for (int i = 0; i < uid.Length; i++)
                {
                    seed = (seed ^ uid[i]) * 16777619;
                }
            }

            return seed;
        }
    }
}
