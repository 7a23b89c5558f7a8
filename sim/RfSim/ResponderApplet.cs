using DualReader.Firmware.RfSim;
using DualReader.Sim.Scenarios;
using DualReader.Sim.Timing;

namespace DualReader.Sim.RfSim
{
    /// <summary>
    /// Puts a scenario's <see cref="IApduResponder"/> behind the peer's applet interface and lets the modelled
    /// processing time pass on the virtual clock (charged as card processing).
    /// </summary>
    public sealed class ResponderApplet : IRfSimApplet
    {
        private readonly IApduResponder responder;
        private readonly VirtualClock clock;
        private readonly CostLedger ledger;

        /// <summary>Wraps <paramref name="responder"/>.</summary>
        public ResponderApplet(IApduResponder responder, VirtualClock clock, CostLedger ledger)
        {
            this.responder = responder;
            this.clock = clock;
            this.ledger = ledger;
        }

        /// <inheritdoc />
        public void Reset()
        {
        }

        /// <inheritdoc />
        public int Process(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity)
        {
            int processing;
            int length = responder.Respond(command, commandOffset, commandCount, response, responseOffset, out processing);
            if (processing > 0)
            {
                ledger.CardProcessingMicroseconds += processing;
                clock.Advance(processing);
            }

            return length;
        }
    }
}
