using System.Collections.Generic;

namespace DualReader.Host.Bench;

/// <summary>One managed call event of the nanoCLR interpreter, in the order it happened.</summary>
/// <param name="Kind">
/// <see cref="CallAttribution.Push"/> (CLR_RT_StackFrame::Push, a full frame), <see cref="CallAttribution.PushInline"/>
/// (PushInline: the interpreter tries to inline every small callee; when it cannot, a Push of the same method follows
/// at once), <see cref="CallAttribution.Pop"/> or <see cref="CallAttribution.PopInline"/>.
/// </param>
/// <param name="Method">The callee (assembly index in the high 16 bits, method row in the low 16, as nanoCLR's
/// CLR_RT_MethodDef_Index holds it); 0 for the pops.</param>
public readonly record struct CallEvent(char Kind, int Method);

/// <summary>What one method cost in one phase.</summary>
public sealed class MethodCost
{
    /// <summary>Instructions while the method was the innermost frame.</summary>
    public long Self { get; set; }

    /// <summary>Instructions while the method was anywhere on the stack (each instruction counted once per method).</summary>
    public long Inclusive { get; set; }

    public int Calls { get; set; }
}

/// <summary>
/// Turns the interpreter's call events and callgrind's instruction counts between them into a cost per method and
/// phase. callgrind, run with <c>--dump-before</c> on the four frame functions, writes part k + 1 with the
/// instructions between event k and event k + 1 (part 1: before the first event); each is charged to the frame on top
/// of the stack after event k (self) and to every method on the stack (inclusive). A push of the marker method starts
/// the next phase (phase 0: before the first marker).
/// </summary>
public static class CallAttribution
{
    public const char Push = 'U';
    public const char PushInline = 'I';
    public const char Pop = 'O';
    public const char PopInline = 'P';

    /// <summary>Charged while no managed frame is on the stack (the runtime's own start-up and shutdown).</summary>
    public const int NoMethod = -1;

    /// <summary>One dictionary per phase, method to cost.</summary>
    public static List<Dictionary<int, MethodCost>> Attribute(IReadOnlyList<CallEvent> events, IReadOnlyDictionary<int, long> parts, int markerMethod)
    {
        var phases = new List<Dictionary<int, MethodCost>> { new() };
        var stack = new List<int>();
        var onStack = new HashSet<int>();
        for (int index = 0; index < events.Count; index++)
        {
            CallEvent current = events[index];
            switch (current.Kind)
            {
                case PushInline:
                    // An inline attempt that failed is followed by the Push of the same callee: that Push is the frame.
                    if (index + 1 < events.Count && events[index + 1].Kind == Push && events[index + 1].Method == current.Method)
                    {
                        break;
                    }

                    Enter(current.Method, phases, stack, markerMethod);
                    break;
                case Push:
                    Enter(current.Method, phases, stack, markerMethod);
                    break;
                default:
                    if (stack.Count > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    break;
            }

            long cost = parts.TryGetValue(index + 2, out long value) ? value : 0;
            if (cost == 0)
            {
                continue;
            }

            Dictionary<int, MethodCost> phase = phases[^1];
            Cost(phase, stack.Count > 0 ? stack[^1] : NoMethod).Self += cost;
            onStack.Clear();
            foreach (int method in stack)
            {
                if (onStack.Add(method))
                {
                    Cost(phase, method).Inclusive += cost;
                }
            }

            if (stack.Count == 0)
            {
                Cost(phase, NoMethod).Inclusive += cost;
            }
        }

        return phases;
    }

    private static void Enter(int method, List<Dictionary<int, MethodCost>> phases, List<int> stack, int markerMethod)
    {
        if (method == markerMethod)
        {
            phases.Add(new Dictionary<int, MethodCost>());
        }

        stack.Add(method);
        Cost(phases[^1], method).Calls++;
    }

    private static MethodCost Cost(Dictionary<int, MethodCost> phase, int method)
    {
        if (!phase.TryGetValue(method, out MethodCost? cost))
        {
            cost = new MethodCost();
            phase[method] = cost;
        }

        return cost;
    }
}
